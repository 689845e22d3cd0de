import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { MemoryLogger } from "@callflow/sdk";

import { AzureProvider, azureProviderFromEnv, type SpeechSynthesizerLike } from "../../src/media/tts/azure-provider.js";
import { EspeakProvider } from "../../src/media/tts/espeak-provider.js";
import { TtsError, wavDurationMs, type TtsProvider } from "../../src/media/tts/provider.js";
import { TtsCache } from "../../src/media/tts/tts-cache.js";

const PROMPTS = [
  { language: "cmn", text: "歡迎致電銀行熱線" },
  { language: "yue", text: "歡迎致電銀行熱線，請按一字" },
  { language: "en", text: "Welcome to the bank hotline" },
];

function wavFormat(wav: Buffer): { sampleRate: number; channels: number; bits: number } {
  return { channels: wav.readUInt16LE(22), sampleRate: wav.readUInt32LE(24), bits: wav.readUInt16LE(34) };
}

// A stand-in for the Speech SDK's synthesizer that fails as Azure does for a wrong key,
// so no request leaves the machine.
function rejectingSynthesizer(): SpeechSynthesizerLike {
  return {
    speakTextAsync: (_text, _ok, fail) => setImmediate(() => fail("Unable to contact server. StatusCode: 1006, undefined Reason: WebSocket upgrade failed: Authentication error (401)")),
    close: () => undefined,
  };
}

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "callflow-tts-"));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("EspeakProvider", () => {
  it.each(PROMPTS)("speaks $language as 8 kHz 16-bit mono WAV", async ({ language, text }) => {
    const provider = new EspeakProvider();

    const audio = await provider.synthesize({ language, text });

    expect(wavFormat(audio.wav)).toEqual({ sampleRate: 8000, channels: 1, bits: 16 });
    expect(audio.durationMs).toBeGreaterThan(300);
  });

  it("uses the pinyin voice for Mandarin", () => {
    const provider = new EspeakProvider();

    expect(provider.voiceFor("cmn")).toBe("cmn-latn-pinyin");
  });

  it("rejects a language it has no voice for", async () => {
    const provider = new EspeakProvider();

    await expect(provider.synthesize({ language: "tlh", text: "Qapla'" })).rejects.toMatchObject({ code: "unsupported-language" });
  });

  it("names the package to install when espeak-ng is missing", async () => {
    const provider = new EspeakProvider({ espeakPath: "/nonexistent/espeak-ng" });

    const error = await provider.synthesize({ language: "en", text: "hello" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TtsError);
    expect((error as TtsError).code).toBe("not-installed");
    expect((error as TtsError).message).toContain("apt-get install -y espeak-ng sox");
  });
});

describe("TtsCache", () => {
  it("synthesizes each prompt once and then serves it from the cache", async () => {
    const cache = new TtsCache({ directory, providers: [new EspeakProvider()] });

    const first = await Promise.all(PROMPTS.map((p) => cache.get(p)));
    const second = await Promise.all(PROMPTS.map((p) => cache.get(p)));

    expect(first.map((p) => p.cached)).toEqual([false, false, false]);
    expect(second.map((p) => p.cached)).toEqual([true, true, true]);
    expect(second.map((p) => p.uri)).toEqual(first.map((p) => p.uri));
    expect(cache.stats).toMatchObject({ syntheses: 3, hits: 3 });
  });

  it("shares one synthesis between concurrent requests", async () => {
    const cache = new TtsCache({ directory, providers: [new EspeakProvider()] });

    const results = await Promise.all([cache.get(PROMPTS[2]), cache.get(PROMPTS[2]), cache.get(PROMPTS[2])]);

    expect(cache.stats.syntheses).toBe(1);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
  });

  it("finds prompts a previous process synthesized", async () => {
    await new TtsCache({ directory, providers: [new EspeakProvider()] }).get(PROMPTS[0]);
    const restarted = new TtsCache({ directory, providers: [new EspeakProvider()] });

    const prompt = await restarted.get(PROMPTS[0]);

    expect(prompt.cached).toBe(true);
    expect(restarted.stats.syntheses).toBe(0);
  });

  it("keys prompts by text, language, voice and provider", () => {
    const base = TtsCache.key("espeak-ng", "yue", "yue", "你好");

    expect(TtsCache.key("espeak-ng", "yue", "yue", "你好。")).not.toBe(base);
    expect(TtsCache.key("espeak-ng", "cmn-latn-pinyin", "cmn", "你好")).not.toBe(base);
    expect(TtsCache.key("azure", "yue", "yue", "你好")).not.toBe(base);
  });

  it("plays files from the sounds directory by default", async () => {
    const cache = new TtsCache({ directory, providers: [new EspeakProvider()] });

    const prompt = await cache.get(PROMPTS[2]);

    expect(prompt.uri).toBe(`sound:callflow-tts/${prompt.key}`);
    expect(wavDurationMs(await cache.readAudio(prompt.key) as Buffer)).toBe(prompt.durationMs);
  });

  it("gives HTTP media URIs with http delivery", async () => {
    const cache = new TtsCache({ directory, providers: [new EspeakProvider()], delivery: { mode: "http", baseUrl: "http://127.0.0.1:4000/media/tts/" } });

    const prompt = await cache.get(PROMPTS[2]);

    expect(prompt.uri).toBe(`sound:http://127.0.0.1:4000/media/tts/${prompt.key}.wav`);
  });

  it("falls back to espeak-ng when Azure rejects the key", async () => {
    const logger = new MemoryLogger();
    const azure = new AzureProvider({ key: "wrong", region: "eastasia", createSynthesizer: rejectingSynthesizer });
    const cache = new TtsCache({ directory, providers: [azure, new EspeakProvider()], logger });

    const prompt = await cache.get(PROMPTS[0]);

    expect(prompt.provider).toBe("espeak-ng");
    expect(cache.stats.fallbacks).toBe(1);
    expect(logger.records[0].message).toBe("TTS provider failed; trying the next one");
    expect(String((logger.records[0].fields.err as Error).message)).toContain("check AZURE_SPEECH_KEY");
  });

  it("fails with the cause when no provider can speak", async () => {
    const azure = new AzureProvider({ key: "wrong", region: "eastasia", createSynthesizer: rejectingSynthesizer });
    const cache = new TtsCache({ directory, providers: [azure] });

    const error = await cache.get(PROMPTS[0]).catch((e: unknown) => e);

    expect((error as TtsError).code).toBe("no-provider");
    expect(((error as TtsError).cause as TtsError).provider).toBe("azure");
  });

  it("refuses to start without providers", () => {
    expect(() => new TtsCache({ directory, providers: [] as TtsProvider[] })).toThrow(/at least one provider/);
  });
});

describe("azureProviderFromEnv", () => {
  it("offers no Azure provider without a key", () => {
    expect(azureProviderFromEnv({ AZURE_SPEECH_REGION: "eastasia" })).toBeUndefined();
  });

  it("offers no Azure provider without a region", () => {
    expect(azureProviderFromEnv({ AZURE_SPEECH_KEY: "k" })).toBeUndefined();
  });

  it("offers Azure with a key and region", () => {
    expect(azureProviderFromEnv({ AZURE_SPEECH_KEY: "k", AZURE_SPEECH_REGION: "eastasia" })?.id).toBe("azure");
  });
});
