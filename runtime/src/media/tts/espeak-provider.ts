import { spawn } from "node:child_process";

import { TtsError, wavDurationMs, type TtsAudio, type TtsProvider, type TtsRequest } from "./provider.js";

/**
 * espeak-ng voices per spoken language. Mandarin uses `cmn-latn-pinyin`, because plain `cmn`
 * reads Han characters as English-spelled pinyin (espeak-ng 1.51).
 */
export const ESPEAK_VOICES: Readonly<Record<string, string>> = {
  cmn: "cmn-latn-pinyin",
  yue: "yue",
  en: "en-us",
};

/** Options of the {@link EspeakProvider}. */
export interface EspeakOptions {
  /** espeak-ng executable. Default `espeak-ng`. */
  espeakPath?: string;
  /** sox executable. Default `sox`. */
  soxPath?: string;
  /** Extra language → voice entries. */
  voices?: Record<string, string>;
  /** Milliseconds before one synthesis is abandoned. Default 10,000. */
  timeoutMs?: number;
}

/**
 * Offline TTS on espeak-ng, resampled by sox to 8 kHz 16-bit mono with 1 dB of headroom
 * (`gain -n -1`), since espeak's 22 kHz output clips when converted at full scale.
 */
export class EspeakProvider implements TtsProvider {
  readonly id = "espeak-ng";
  private readonly espeakPath: string;
  private readonly soxPath: string;
  private readonly voices: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: EspeakOptions = {}) {
    this.espeakPath = options.espeakPath ?? "espeak-ng";
    this.soxPath = options.soxPath ?? "sox";
    this.voices = { ...ESPEAK_VOICES, ...options.voices };
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  voiceFor(language: string, requested?: string): string | undefined {
    return requested ?? this.voices[language];
  }

  async synthesize(request: TtsRequest, signal?: AbortSignal): Promise<TtsAudio> {
    const voice = this.voiceFor(request.language, request.voice);

    if (voice === undefined) {
      throw new TtsError(this.id, "unsupported-language", `espeak-ng has no voice for language "${request.language}"; add one under tts.espeak.voices`);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const speech = await run(this.espeakPath, ["-v", voice, "--stdin", "--stdout"], Buffer.from(request.text, "utf8"), combined, this.id);
    const wav = await run(
      this.soxPath,
      ["-t", "wav", "-", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "wav", "-", "gain", "-n", "-1"],
      speech,
      combined,
      this.id,
    );

    return { wav, durationMs: wavDurationMs(wav) };
  }
}

// Runs a command with input on stdin and returns its stdout; a non-zero exit becomes a TtsError
// carrying the command's stderr.
function run(command: string, args: string[], input: Buffer, signal: AbortSignal, provider: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];

    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      const code = error.code === "ENOENT" ? "not-installed" : error.name === "AbortError" ? "aborted" : "spawn-failed";
      const hint = code === "not-installed" ? `; install it with: apt-get install -y espeak-ng sox` : "";

      reject(new TtsError(provider, code, `${command} failed: ${error.message}${hint}`, { cause: error }));
    });
    child.on("close", (exitCode) => {
      if (exitCode === 0) resolve(Buffer.concat(out));
      else if (exitCode !== null) reject(new TtsError(provider, "synthesis-failed", `${command} exited with ${exitCode}: ${Buffer.concat(err).toString("utf8").trim()}`));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}
