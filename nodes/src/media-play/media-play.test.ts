import { CallHangupError, defineNode, REDACTED, runNode, type NodeDefinition, type TraceEvent } from "@callflow/sdk";

import { mediaPlayNode } from "./run.js";
import { mediaPlayConfigSchema } from "./spec.js";

const PROMPT_MS = 1000;
const channel = { promptDurationMs: () => PROMPT_MS };

const welcome = { prompt: { tts: { en: "Welcome to the bank", cmn: "歡迎致電銀行" } } };

const library: Record<string, unknown> = {
  greeting: { languages: { en: { uri: "sound:custom/greeting-en", text: "Hello", durationMs: 2500 } } },
};
const resolver = { prompt: (name: string) => library[name] };

function promptOutcomes(trace: TraceEvent[]): string[] {
  return trace.flatMap((event) => (event.type === "prompt.played" ? [event.outcome] : []));
}

function promptTexts(trace: TraceEvent[]): Array<string | undefined> {
  return trace.flatMap((event) => (event.type === "prompt.played" ? [event.text] : []));
}

/**
 * Wraps the node so that it starts with `typeAhead` in the type-ahead buffer. `left.keys`
 * receives the keys still buffered when it returns.
 */
function playWithBuffer(typeAhead: string, left: { keys?: string }): NodeDefinition<any, any> {
  return defineNode(mediaPlayNode.spec, async (ctx, config) => {
    ctx.call.unreadKeys(typeAhead);
    const port = await mediaPlayNode.run(ctx, config);

    left.keys = ctx.call.bufferedKeys;
    return port;
  });
}

describe("media.play prompts", () => {
  test("plays the prompt to the end", async () => {
    const result = await runNode(mediaPlayNode, welcome, { channel });

    expect(result.port).toBe("next");
    expect(result.prompts).toEqual(["Welcome to the bank"]);
    expect(result.elapsedMs).toBe(PROMPT_MS);
  });

  test("plays in the call's language", async () => {
    const result = await runNode(mediaPlayNode, welcome, { languages: ["cmn", "en"], channel });

    expect(result.prompts).toEqual(["歡迎致電銀行"]);
  });

  test("falls back to the prompt's first language", async () => {
    const result = await runNode(mediaPlayNode, { prompt: { tts: { en: "Welcome" } } }, { languages: ["yue", "en"], channel });

    expect(result.channel.played[0].language).toBe("en");
  });

  test("renders template text", async () => {
    const config = { prompt: { tts: { en: "Your balance is {{ $formatNumber(balance, '#,##0.00') }} dollars" } } };

    const result = await runNode(mediaPlayNode, config, { variables: { balance: 1234.5 }, channel });

    expect(result.prompts).toEqual(["Your balance is 1,234.50 dollars"]);
  });

  test("plays recorded audio from the library", async () => {
    const result = await runNode(mediaPlayNode, { prompt: { audio: "greeting" } }, { resolver });

    expect(result.channel.played[0].uri).toBe("sound:custom/greeting-en");
    expect(result.elapsedMs).toBe(2500);
  });
});

describe("media.play sensitive values", () => {
  const options = { variables: { accountNo: "5566778899" }, sensitive: ["accountNo"], channel };

  test("caller hears the value", async () => {
    const result = await runNode(mediaPlayNode, { prompt: { tts: { en: "You entered {{ accountNo }}" } } }, options);

    expect(result.prompts).toEqual(["You entered 5566778899"]);
  });

  test("trace gets the redacted text", async () => {
    const result = await runNode(mediaPlayNode, { prompt: { tts: { en: "You entered {{ accountNo }}" } } }, options);

    expect(promptTexts(result.trace)).toEqual([`You entered ${REDACTED}`]);
  });

  test("trace falls back to the template", async () => {
    // $number fails on the redacted placeholder, though it renders the real value.
    const prompt = { tts: { en: "You entered {{ $number(accountNo) }}" } };

    const result = await runNode(mediaPlayNode, { prompt }, options);

    expect(result.prompts).toEqual(["You entered 5566778899"]);
    expect(promptTexts(result.trace)).toEqual([prompt.tts.en]);
  });
});

describe("media.play barge-in", () => {
  test("key stops the prompt and stays buffered", async () => {
    const left: { keys?: string } = {};

    const result = await runNode(playWithBuffer("", left), welcome, { input: "3@0.4s", channel });

    expect(result.port).toBe("next");
    expect(promptOutcomes(result.trace)).toEqual(["interrupted"]);
    expect(left.keys).toBe("3");
  });

  test("bargeIn false plays through keys", async () => {
    const left: { keys?: string } = {};

    const result = await runNode(playWithBuffer("", left), { ...welcome, bargeIn: false }, { input: "3@0.4s", channel });

    expect(promptOutcomes(result.trace)).toEqual(["played"]);
    expect(left.keys).toBe("");
  });

  test("buffered keys skip the prompt", async () => {
    const result = await runNode(playWithBuffer("1", {}), welcome, { channel });

    expect(promptOutcomes(result.trace)).toEqual(["skipped"]);
    expect(result.elapsedMs).toBe(0);
  });

  test("bargeIn false plays despite buffered keys", async () => {
    const result = await runNode(playWithBuffer("1", {}), { ...welcome, bargeIn: false }, { channel });

    expect(promptOutcomes(result.trace)).toEqual(["played"]);
  });
});

describe("media.play failures", () => {
  test("caller hangs up during the prompt", async () => {
    const result = await runNode(mediaPlayNode, welcome, { input: "hangup@0.5s", channel });

    expect(result.port).toBe("hangup");
    expect(result.error).toBeInstanceOf(CallHangupError);
    expect(result.pendingTimers).toBe(0);
  });

  test("prompt that fails to render", async () => {
    const config = { prompt: { tts: { en: "Balance {{ $number('n/a') }}" } } };

    const result = await runNode(mediaPlayNode, config, { channel });

    expect(result.port).toBe("error");
    expect(result.prompts).toEqual([]);
  });
});

describe("media.play config", () => {
  test.each([
    ["prompt without text or audio", { prompt: {} }, "prompt", "needs tts text or an audio name"],
    ["empty text", { prompt: { tts: { en: "" } } }, "prompt/tts/en", ""],
    ["bad audio name", { prompt: { audio: "../etc/passwd" } }, "prompt/audio", "a prompt name such as welcome"],
    ["bad language tag", { prompt: { tts: { English: "Hi" } } }, "prompt/tts/English", ""],
  ])("rejects %s", (_name, config, path, message) => {
    const result = mediaPlayConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports missing audio", async () => {
    const run = runNode(mediaPlayNode, { prompt: { audio: "no-such-prompt" } }, { resolver });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/prompt\/audio .*prompt "no-such-prompt", which does not exist/);
  });

  test("not allowed in workflow flows", async () => {
    const run = runNode(mediaPlayNode, welcome, { kind: "workflow" });

    await expect(run).rejects.toThrow("cannot be used in a workflow flow");
  });
});
