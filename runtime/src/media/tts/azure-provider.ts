import * as speech from "microsoft-cognitiveservices-speech-sdk";

import { TtsError, wavDurationMs, type TtsAudio, type TtsProvider, type TtsRequest } from "./provider.js";

/** Azure neural voices per spoken language: Taiwan Mandarin, Hong Kong Cantonese, US English. */
export const AZURE_VOICES: Readonly<Record<string, string>> = {
  cmn: "zh-TW-HsiaoChenNeural",
  yue: "zh-HK-HiuMaanNeural",
  en: "en-US-JennyNeural",
};

/** The part of the Speech SDK's synthesizer the provider uses, so tests can stand in for it. */
export interface SpeechSynthesizerLike {
  speakTextAsync(text: string, ok: (result: speech.SpeechSynthesisResult) => void, fail: (error: string) => void): void;
  close(): void;
}

/** Options of the {@link AzureProvider}. */
export interface AzureOptions {
  key: string;
  /** Azure region of the Speech resource, such as `eastasia`. */
  region: string;
  voices?: Record<string, string>;
  /** Milliseconds before a synthesis is abandoned. Default 10,000. */
  timeoutMs?: number;
  /** Builds a synthesizer for a voice; default: the Speech SDK's, writing 8 kHz 16-bit mono WAV. */
  createSynthesizer?: (voice: string) => SpeechSynthesizerLike;
}

/**
 * Azure Speech TTS. Offered only when a key and region are configured (see
 * {@link azureProviderFromEnv}); when it fails, the TTS cache falls back to the next provider.
 */
export class AzureProvider implements TtsProvider {
  readonly id = "azure";
  private readonly voices: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly createSynthesizer: (voice: string) => SpeechSynthesizerLike;

  constructor(options: AzureOptions) {
    this.voices = { ...AZURE_VOICES, ...options.voices };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.createSynthesizer = options.createSynthesizer ?? ((voice) => sdkSynthesizer(options.key, options.region, voice));
  }

  voiceFor(language: string, requested?: string): string | undefined {
    return requested ?? this.voices[language];
  }

  synthesize(request: TtsRequest, signal?: AbortSignal): Promise<TtsAudio> {
    const voice = this.voiceFor(request.language, request.voice);

    if (voice === undefined) {
      return Promise.reject(new TtsError(this.id, "unsupported-language", `no Azure voice is configured for language "${request.language}"; add one under tts.azure.voices`));
    }
    const synthesizer = this.createSynthesizer(voice);

    return new Promise<TtsAudio>((resolve, reject) => {
      const finish = (error: TtsError | undefined, audio?: TtsAudio): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        synthesizer.close();
        if (error) reject(error);
        else resolve(audio!);
      };
      const onAbort = (): void => finish(new TtsError(this.id, "aborted", "Azure synthesis was aborted"));
      const timer = setTimeout(() => finish(new TtsError(this.id, "timeout", `Azure synthesis took longer than ${this.timeoutMs} ms`)), this.timeoutMs);

      signal?.addEventListener("abort", onAbort, { once: true });
      synthesizer.speakTextAsync(
        request.text,
        (result) => {
          if (result.reason === speech.ResultReason.SynthesizingAudioCompleted) {
            const wav = Buffer.from(result.audioData);

            finish(undefined, { wav, durationMs: wavDurationMs(wav) });
            return;
          }
          finish(new TtsError(this.id, "synthesis-failed", `Azure synthesis failed: ${cancellationText(result)}; check AZURE_SPEECH_KEY and AZURE_SPEECH_REGION`));
        },
        (error) => finish(new TtsError(this.id, "synthesis-failed", `Azure synthesis failed: ${error}; check AZURE_SPEECH_KEY and AZURE_SPEECH_REGION`)),
      );
    });
  }
}

/**
 * Builds the Azure provider from `AZURE_SPEECH_KEY` and `AZURE_SPEECH_REGION`, or returns
 * undefined when either is unset, so Azure is not offered.
 */
export function azureProviderFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AzureProvider | undefined {
  const key = env.AZURE_SPEECH_KEY?.trim();
  const region = env.AZURE_SPEECH_REGION?.trim();

  if (!key || !region) return undefined;
  return new AzureProvider({ key, region });
}

function sdkSynthesizer(key: string, region: string, voice: string): SpeechSynthesizerLike {
  const config = speech.SpeechConfig.fromSubscription(key, region);

  config.speechSynthesisVoiceName = voice;
  config.speechSynthesisOutputFormat = speech.SpeechSynthesisOutputFormat.Riff8Khz16BitMonoPcm;
  // No audio output device: the audio comes back in the result and goes to the cache.
  return new speech.SpeechSynthesizer(config, null as unknown as speech.AudioConfig);
}

function cancellationText(result: speech.SpeechSynthesisResult): string {
  try {
    const details = speech.CancellationDetails.fromResult(result);

    return `${speech.CancellationErrorCode[details.ErrorCode] ?? "error"}: ${details.errorDetails}`;
  } catch {
    return result.errorDetails || `result reason ${speech.ResultReason[result.reason]}`;
  }
}
