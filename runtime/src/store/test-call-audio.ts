import { spawnSync } from "node:child_process";
import { randomBytes, timingSafeEqual } from "node:crypto";

import { silentLogger, type Logger, type MediaRequest } from "@callflow/sdk";
import { z } from "zod";

import { notFound } from "../api/api-error.js";
import { publicRoute, type ApiRoute } from "../api/route.js";
import { idSchema } from "../api/schemas/common-schemas.js";
import { EspeakProvider } from "../media/tts/espeak-provider.js";
import type { TtsProvider } from "../media/tts/provider.js";

/** Options of a {@link TestCallAudio}. */
export interface TestCallAudioOptions {
  /** Synthesizer of text prompts; without one, prompts have no audio. */
  tts?: TtsProvider;
  logger?: Logger;
  /** Milliseconds the audio of a call stays available after the call ends. Default 10 minutes. */
  keepAfterEndMs?: number;
  /** Prompts with audio per call; later prompts get none. Default 200. */
  maxClipsPerCall?: number;
}

/** Returns an espeak-ng synthesizer when `espeak-ng` and `sox` run, else undefined. */
export function detectEspeak(): TtsProvider | undefined {
  const runs = (command: string) => spawnSync(command, ["--version"], { stdio: "ignore", timeout: 5000 }).status === 0;

  return runs("espeak-ng") && runs("sox") ? new EspeakProvider() : undefined;
}

interface CallAudio {
  /** Random key that the audio URLs of this call carry instead of the session token. */
  key: Buffer;
  clips: Promise<Buffer | undefined>[];
}

const KEY_BYTES = 24;

/**
 * Synthesized audio of the prompts of running test calls, kept in memory and served by
 * {@link testCallAudioRoutes}. Each call gets its own random key, which its audio URLs carry,
 * so a browser's `<audio>` element can fetch them without the session token.
 */
export class TestCallAudio {
  private readonly calls = new Map<string, CallAudio>();
  private readonly logger: Logger;
  private readonly keepAfterEndMs: number;
  private readonly maxClipsPerCall: number;

  constructor(private readonly options: TestCallAudioOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.keepAfterEndMs = options.keepAfterEndMs ?? 10 * 60_000;
    this.maxClipsPerCall = options.maxClipsPerCall ?? 200;
  }

  /** Starts keeping audio for a call. */
  open(callId: string): void {
    this.calls.set(callId, { key: randomBytes(KEY_BYTES), clips: [] });
  }

  /**
   * Starts synthesizing a prompt and returns the URL its audio will be served at, or null when
   * the prompt is recorded audio, no provider speaks its language, or the call has too many clips.
   * A request to the URL waits until synthesis ends, and gets 404 when it failed.
   */
  add(callId: string, media: MediaRequest): string | null {
    const call = this.calls.get(callId);
    const tts = this.options.tts;

    if (!call || !tts || media.text === undefined || media.text.trim() === "") return null;
    if (tts.voiceFor(media.language) === undefined || call.clips.length >= this.maxClipsPerCall) return null;

    const index = call.clips.length;
    const clip = tts.synthesize({ text: media.text, language: media.language }).then(
      (audio) => audio.wav,
      (error: unknown) => {
        this.logger.warn({ err: error, callId, language: media.language }, "synthesizing a test call prompt failed; the prompt has no audio");
        return undefined;
      },
    );

    call.clips.push(clip);
    return `/api/test-calls/${callId}/audio/${index}?key=${call.key.toString("base64url")}`;
  }

  /** Drops the call's audio after the keep time, so the browser can still play the last prompt. */
  close(callId: string): void {
    const timer = setTimeout(() => this.calls.delete(callId), this.keepAfterEndMs);

    timer.unref();
  }

  /** Returns the WAV audio of a prompt, or undefined for a wrong key, index or call. */
  async read(callId: string, index: number, key: string): Promise<Buffer | undefined> {
    const call = this.calls.get(callId);
    const presented = Buffer.from(key, "base64url");

    if (!call || presented.length !== KEY_BYTES || !timingSafeEqual(presented, call.key)) return undefined;
    return call.clips[index];
  }
}

const audioParams = z.object({ callId: idSchema, index: z.coerce.number().int().min(0) });
const audioQuery = z.object({ key: z.string().max(100).describe("The audio key of the call, as the prompt message's audioUrl contains it").default("") });

/**
 * Builds `GET /api/test-calls/:callId/audio/:index`, the audio of a test call's prompt as WAV.
 * Access is by the call's audio key in the URL rather than a session, since browsers fetch
 * audio without an Authorization header. A wrong key gets the same 404 as an unknown call.
 */
export function testCallAudioRoutes(audio: TestCallAudio): ApiRoute[] {
  return [
    publicRoute(
      {
        method: "GET",
        path: "/api/test-calls/:callId/audio/:index",
        operationId: "getTestCallAudio",
        summary: "Returns the synthesized audio of a test call's prompt as WAV (8 kHz, 16-bit, mono)",
        description: "The URL comes from a `prompt` message of the test call WebSocket and carries the call's audio key. It stays valid for 10 minutes after the call ends.",
        tag: "calls",
        entity: "test call audio",
        params: audioParams,
        query: audioQuery,
        responses: { 200: { description: "The WAV file (audio/wav)." } },
      },
      async ({ params, query }) => {
        const wav = await audio.read(params.callId, params.index, query.key);

        if (!wav) throw notFound("test call audio");
        return { binary: { contentType: "audio/wav", data: wav }, headers: { "cache-control": "private, max-age=600" } };
      },
    ),
  ];
}
