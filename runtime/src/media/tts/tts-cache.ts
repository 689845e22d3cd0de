import { createHash } from "node:crypto";
import { access, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { silentLogger, type Logger } from "@callflow/sdk";

import { TtsError, type TtsProvider, type TtsRequest } from "./provider.js";

/**
 * Delivery of cached audio to Asterisk:
 * - `sounds`: files are written into a directory under Asterisk's sounds directory, and played
 *   as `sound:<prefix>/<key>` (Asterisk adds the extension). Default; needs a shared disk.
 * - `http`: the runtime serves `<baseUrl>/<key>.wav` and Asterisk fetches it through its HTTP
 *   media cache (res_http_media_cache) as `sound:<baseUrl>/<key>.wav`; for a remote Asterisk.
 */
export type TtsDelivery = { mode: "sounds"; soundPrefix: string } | { mode: "http"; baseUrl: string };

/** Options of a {@link TtsCache}. */
export interface TtsCacheOptions {
  /** Directory of the WAV files; with `sounds` delivery, one that Asterisk reads. */
  directory: string;
  /** Providers in order of preference; a failing one falls back to the next. */
  providers: readonly TtsProvider[];
  delivery?: TtsDelivery;
  logger?: Logger;
  /** Milliseconds a failed provider is passed over before it is tried again. Default 60,000. */
  retryFailedAfterMs?: number;
}

/** A prompt ready to play. */
export interface CachedPrompt {
  key: string;
  file: string;
  /** Media URI for ARI's play. */
  uri: string;
  durationMs: number;
  provider: string;
  /** True when the audio came from the cache, false when it was synthesized now. */
  cached: boolean;
}

interface Metadata {
  durationMs: number;
  provider: string;
  language: string;
  voice: string;
  text: string;
}

/**
 * Synthesizes each prompt once per text, language, voice and provider, and serves it from disk
 * afterwards. Concurrent requests for the same prompt share one synthesis.
 */
export class TtsCache {
  /** Cache hits and syntheses since start, for health and tests. */
  readonly stats = { hits: 0, syntheses: 0, fallbacks: 0 };
  private readonly options: TtsCacheOptions;
  private readonly logger: Logger;
  private readonly inFlight = new Map<string, Promise<CachedPrompt>>();
  private readonly failedUntil = new Map<string, number>();
  private ready: Promise<unknown> | undefined;

  constructor(options: TtsCacheOptions) {
    if (options.providers.length === 0) throw new Error("TtsCache needs at least one provider; configure espeak-ng or azure under tts");
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Returns the cached prompt, synthesizing it with the first provider that succeeds.
   *
   * @throws TtsError when every provider fails; the error of the last one is the cause
   */
  async get(request: TtsRequest, signal?: AbortSignal): Promise<CachedPrompt> {
    let lastError: unknown;

    for (const [index, provider] of this.options.providers.entries()) {
      const voice = provider.voiceFor(request.language, request.voice);

      if (voice === undefined || (this.failedUntil.get(provider.id) ?? 0) > Date.now()) continue;
      try {
        const prompt = await this.getFrom(provider, voice, request, signal);

        if (index > 0) this.stats.fallbacks++;
        return prompt;
      } catch (error) {
        if (signal?.aborted) throw error;
        lastError = error;
        this.failedUntil.set(provider.id, Date.now() + (this.options.retryFailedAfterMs ?? 60_000));
        this.logger.warn({ provider: provider.id, language: request.language, err: error }, "TTS provider failed; trying the next one");
      }
    }
    throw new TtsError("cache", "no-provider", `no TTS provider could speak language "${request.language}"`, { cause: lastError });
  }

  /** Key of a prompt: a hash of provider, voice, language and text. */
  static key(provider: string, voice: string, language: string, text: string): string {
    return createHash("sha256").update(`${provider}\u0000${voice}\u0000${language}\u0000${text}`).digest("hex").slice(0, 40);
  }

  /** Reads a cached WAV by key, for the HTTP delivery route. Returns undefined for an unknown key. */
  async readAudio(key: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{40}$/.test(key)) return undefined;
    try {
      return await readFile(join(this.options.directory, `${key}.wav`));
    } catch {
      return undefined;
    }
  }

  /**
   * Stores prepared audio, such as an uploaded prompt converted for Asterisk, under a key of
   * 40 hexadecimal digits, and returns the media URI that plays it.
   */
  async putAudio(key: string, wav: Buffer): Promise<string> {
    if (!/^[0-9a-f]{40}$/.test(key)) throw new Error(`audio key "${key}" is not 40 hexadecimal digits`);
    const file = join(this.options.directory, `${key}.wav`);

    this.ready ??= mkdir(this.options.directory, { recursive: true });
    await this.ready;
    await writeFile(`${file}.tmp`, wav);
    await rename(`${file}.tmp`, file);
    return this.uriFor(key);
  }

  /** Returns the media URI of a key whose file is stored, or undefined. */
  async storedUri(key: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}$/.test(key)) return undefined;
    try {
      await access(join(this.options.directory, `${key}.wav`));
      return this.uriFor(key);
    } catch {
      return undefined;
    }
  }

  private getFrom(provider: TtsProvider, voice: string, request: TtsRequest, signal?: AbortSignal): Promise<CachedPrompt> {
    const key = TtsCache.key(provider.id, voice, request.language, request.text);
    const pending = this.inFlight.get(key);

    if (pending) return pending;
    const promise = this.load(key, provider, voice, request, signal).finally(() => this.inFlight.delete(key));

    this.inFlight.set(key, promise);
    return promise;
  }

  private async load(key: string, provider: TtsProvider, voice: string, request: TtsRequest, signal?: AbortSignal): Promise<CachedPrompt> {
    const file = join(this.options.directory, `${key}.wav`);
    const metadataFile = join(this.options.directory, `${key}.json`);
    const known = await readMetadata(metadataFile);

    if (known) {
      this.stats.hits++;
      return { key, file, uri: this.uriFor(key), durationMs: known.durationMs, provider: known.provider, cached: true };
    }
    this.ready ??= mkdir(this.options.directory, { recursive: true });
    await this.ready;
    const audio = await provider.synthesize({ ...request, voice }, signal);
    const metadata: Metadata = { durationMs: audio.durationMs, provider: provider.id, language: request.language, voice, text: request.text };

    // Write to temporary names and rename, so a reader never sees half a file; metadata last,
    // because its presence is what marks the entry complete.
    await writeFile(`${file}.tmp`, audio.wav);
    await rename(`${file}.tmp`, file);
    await writeFile(`${metadataFile}.tmp`, JSON.stringify(metadata));
    await rename(`${metadataFile}.tmp`, metadataFile);
    this.stats.syntheses++;
    return { key, file, uri: this.uriFor(key), durationMs: audio.durationMs, provider: provider.id, cached: false };
  }

  private uriFor(key: string): string {
    const delivery = this.options.delivery ?? { mode: "sounds", soundPrefix: "callflow-tts" };

    return delivery.mode === "sounds" ? `sound:${delivery.soundPrefix}/${key}` : `sound:${delivery.baseUrl.replace(/\/$/, "")}/${key}.wav`;
  }
}

async function readMetadata(file: string): Promise<Metadata | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Metadata;
  } catch {
    return undefined;
  }
}
