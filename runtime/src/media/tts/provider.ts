/** A synthesis request. */
export interface TtsRequest {
  text: string;
  /** Spoken-language tag of the flow: `cmn`, `yue`, `en`. */
  language: string;
  /** Provider-specific voice; default: the provider's voice for the language. */
  voice?: string;
}

/** Synthesized audio: 8 kHz, 16-bit signed, mono WAV, which Asterisk plays without transcoding. */
export interface TtsAudio {
  wav: Buffer;
  durationMs: number;
}

/** A speech synthesizer behind one interface, so prompts fall back from one to another. */
export interface TtsProvider {
  /** Stable id, part of the cache key: `espeak-ng`, `azure`. */
  readonly id: string;
  /** Voice used for a language, or undefined when the provider does not speak it. */
  voiceFor(language: string, requested?: string): string | undefined;
  synthesize(request: TtsRequest, signal?: AbortSignal): Promise<TtsAudio>;
}

/** A failed synthesis, with the provider and a stable code. */
export class TtsError extends Error {
  readonly code: string;
  readonly provider: string;

  constructor(provider: string, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TtsError";
    this.provider = provider;
    this.code = code;
  }
}

/** Length of a PCM WAV file's audio in milliseconds, read from its header. */
export function wavDurationMs(wav: Buffer): number {
  if (wav.length < 44 || wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") {
    throw new TtsError("wav", "invalid-wav", "audio is not a RIFF/WAVE file");
  }
  let offset = 12;
  let byteRate = 0;

  while (offset + 8 <= wav.length) {
    const id = wav.toString("ascii", offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);

    if (id === "fmt ") byteRate = wav.readUInt32LE(offset + 16);
    // sox writes 0 or 0xffffffff as the data size when it streams to a pipe.
    if (id === "data") return byteRate === 0 ? 0 : Math.round(((size === 0 || size === 0xffffffff ? wav.length - offset - 8 : size) * 1000) / byteRate);
    offset += 8 + size + (size % 2);
  }
  throw new TtsError("wav", "invalid-wav", "WAV file has no data chunk");
}
