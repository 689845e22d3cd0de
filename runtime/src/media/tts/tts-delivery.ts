import { createServer, type Server } from "node:http";

import type { Logger, MediaRequest } from "@callflow/sdk";

import { azureProviderFromEnv } from "./azure-provider.js";
import { EspeakProvider } from "./espeak-provider.js";
import type { TtsProvider } from "./provider.js";
import { TtsCache } from "./tts-cache.js";

/** Settings of synthesized prompts: their folder and the way Asterisk reaches them. */
export interface TtsDeliverySettings {
  /** Folder of the synthesized WAV files; with `sounds` delivery, one under Asterisk's sounds folder. */
  directory: string;
  delivery: "sounds" | "http";
  /** Sounds subfolder Asterisk plays them from, as in `sound:callflow-tts/<key>`. */
  soundPrefix: string;
  /** With `http` delivery: the address Asterisk fetches `<key>.wav` from, and the port to serve on. */
  httpBaseUrl?: string;
  httpPort?: number;
}

/** Text-to-speech for calls on Asterisk: the cache, the media resolver for ARI, and the HTTP server of `http` delivery. */
export interface TtsMedia {
  cache: TtsCache;
  resolveMedia(media: MediaRequest, signal: AbortSignal): Promise<string>;
  /** Stops the HTTP server of `http` delivery, if one runs. */
  close(): void;
}

/**
 * Sets up text-to-speech for ARI calls: Azure first when its environment variables are set,
 * then espeak-ng. With `http` delivery it also serves the WAV files for Asterisk's HTTP media cache.
 */
export async function startTtsMedia(settings: TtsDeliverySettings, logger: Logger, env: Readonly<Record<string, string | undefined>>): Promise<TtsMedia> {
  const providers: TtsProvider[] = [];
  const azure = azureProviderFromEnv(env);

  if (azure) providers.push(azure);
  providers.push(new EspeakProvider());
  const cache = new TtsCache({
    directory: settings.directory,
    providers,
    logger,
    delivery: settings.delivery === "http" ? { mode: "http", baseUrl: settings.httpBaseUrl! } : { mode: "sounds", soundPrefix: settings.soundPrefix },
  });
  const server = settings.delivery === "http" ? await serveTtsMedia(cache, settings.httpPort!, logger) : undefined;

  return {
    cache,
    resolveMedia: async (media, signal) => {
      if (media.uri !== undefined) throw new Error(`media "${media.uri}" is a path on the runtime's machine, which Asterisk cannot play; use a sound: or recording: URI`);
      return (await cache.get({ text: media.text ?? "", language: media.language }, signal)).uri;
    },
    close: () => server?.close(),
  };
}

// Serves GET /<key>.wav from the TTS cache, for Asterisk's HTTP media cache.
function serveTtsMedia(tts: TtsCache, port: number, logger: Logger): Promise<Server> {
  const server = createServer((request, response) => {
    const key = /^\/(?:.*\/)?([0-9a-f]{40})\.wav$/.exec(request.url ?? "")?.[1];

    if (request.method !== "GET" || key === undefined) {
      response.writeHead(404).end();
      return;
    }
    tts.readAudio(key).then(
      (audio) => {
        if (!audio) response.writeHead(404).end();
        else response.writeHead(200, { "content-type": "audio/wav", "content-length": audio.length }).end(audio);
      },
      (error: unknown) => {
        logger.error({ err: error, key }, "serving TTS audio failed");
        response.writeHead(500).end();
      },
    );
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}
