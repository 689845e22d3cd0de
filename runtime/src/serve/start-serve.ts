import { createServer, type Server } from "node:http";

import { createNodeRegistry } from "@callflow/nodes";
import { silentLogger, type Logger, type MediaRequest } from "@callflow/sdk";

import { AriConnection } from "../ari/adapter/ari-connection.js";
import { FileDirectory } from "../directory/file-directory.js";
import { azureProviderFromEnv } from "../media/tts/azure-provider.js";
import { EspeakProvider } from "../media/tts/espeak-provider.js";
import type { TtsProvider } from "../media/tts/provider.js";
import { TtsCache } from "../media/tts/tts-cache.js";
import { CallService } from "../service/call-service.js";
import { FileFlowSource } from "../service/flow-source.js";
import type { ScriptSandbox, ScriptSandboxOptions } from "../sandbox/index.js";
import { callRecordWriter, JsonLinesFile, recordingSink } from "./file-sinks.js";
import type { LoadedServeConfig } from "./serve-config.js";
import { startServeNodeServices } from "./serve-node-services.js";

/** A running `callflow serve`. */
export interface ServeHandle {
  service: CallService;
  connections: AriConnection[];
  tts: TtsCache | undefined;
  /** The sandbox of the flows' logic.script nodes. */
  sandbox: ScriptSandbox;
  /** Stops taking calls, lets running ones finish until the drain deadline, then closes. */
  shutdown(): Promise<void>;
}

/** Options of {@link startServe} that do not come from the config file. */
export interface StartServeOptions {
  /** Worker process settings of the script sandbox, such as a TypeScript loader under Jest. */
  sandboxWorker?: ScriptSandboxOptions["worker"];
}

/**
 * Starts serving flows from files against Asterisk: the file directory, the flows folder, the
 * script sandbox and each tenant's connectors, one ARI connection per server, TTS with its cache,
 * and the record files.
 */
export async function startServe(
  config: LoadedServeConfig,
  logger: Logger = silentLogger,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: StartServeOptions = {},
): Promise<ServeHandle> {
  const directory = FileDirectory.load(config.directory);
  const registry = createNodeRegistry();
  const nodeServices = await startServeNodeServices(config, directory.list(), logger, { worker: options.sandboxWorker });
  const callsFile = config.records.calls ? new JsonLinesFile(config.records.calls, logger) : undefined;
  const recordingsFile = config.records.recordings ? new JsonLinesFile(config.records.recordings, logger) : undefined;
  const service = new CallService({
    directory,
    flows: new FileFlowSource(config.flowsRoot, registry),
    logger,
    timeZone: config.timeZone,
    serviceLanguage: config.serviceLanguage,
    traceSink: recordingsFile ? () => recordingSink(recordingsFile) : undefined,
    onCallEnded: callsFile ? callRecordWriter(callsFile) : undefined,
    services: (tenantId) => nodeServices.tenants.for(tenantId),
  });
  const tts = config.tts ? createTts(config.tts, logger, env) : undefined;
  const media = tts ? mediaResolver(tts) : undefined;
  const httpServer = tts && config.tts?.delivery === "http" ? await serveTtsMedia(tts, config.tts.httpPort!, logger) : undefined;
  const connections = config.asterisk.map(
    (server) =>
      new AriConnection({
        server,
        client: config.ari.client,
        logger,
        resolveMedia: media,
        onCall: (channel) => void service.handle(channel),
      }),
  );

  try {
    await Promise.all(connections.map((connection) => connection.start()));
  } catch (error) {
    for (const connection of connections) connection.stop();
    httpServer?.close();
    await nodeServices.close();
    throw error;
  }
  logger.info({ servers: connections.length, numbers: directory.list().length, tenantsWithConnectors: config.tenantConnectors.size }, "serving calls");
  return {
    service,
    connections,
    tts,
    sandbox: nodeServices.sandbox,
    async shutdown() {
      await service.drain(config.drainSeconds * 1000);
      for (const connection of connections) connection.stop();
      httpServer?.close();
      await nodeServices.close();
      await Promise.all([callsFile?.flush(), recordingsFile?.flush()]);
      logger.info({}, "stopped");
    },
  };
}

function createTts(config: NonNullable<LoadedServeConfig["tts"]>, logger: Logger, env: Readonly<Record<string, string | undefined>>): TtsCache {
  const providers: TtsProvider[] = [];
  const azure = azureProviderFromEnv(env);

  if (azure) providers.push(azure);
  providers.push(new EspeakProvider());
  return new TtsCache({
    directory: config.directory,
    providers,
    logger,
    delivery: config.delivery === "http" ? { mode: "http", baseUrl: config.httpBaseUrl! } : { mode: "sounds", soundPrefix: config.soundPrefix },
  });
}

function mediaResolver(tts: TtsCache): (media: MediaRequest, signal: AbortSignal) => Promise<string> {
  return async (media, signal) => {
    const prompt = await tts.get({ text: media.text ?? "", language: media.language }, signal);

    return prompt.uri;
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

