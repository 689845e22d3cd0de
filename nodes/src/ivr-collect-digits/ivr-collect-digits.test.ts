import { defineNode, runNode, type NodeDefinition, type TraceEvent } from "@callflow/sdk";

import { ivrCollectDigitsNode } from "./run.js";
import { ivrCollectDigitsConfigSchema } from "./spec.js";

// Every prompt lasts 1 s, so the times in the caller scripts below are easy to follow.
const PROMPT_MS = 1000;
const channel = { promptDurationMs: () => PROMPT_MS };

const base = {
  prompt: { tts: { en: "Enter your account number, then press hash" } },
  variable: "accountNo",
};

function promptOutcomes(trace: TraceEvent[]): string[] {
  return trace.flatMap((event) => (event.type === "prompt.played" ? [event.outcome] : []));
}

/** Wraps the node so that it starts with `keys` in the type-ahead buffer, as a previous node leaves them. */
function afterTypeAhead(keys: string): NodeDefinition<any, any> {
  return defineNode(ivrCollectDigitsNode.spec, (ctx, config) => {
    ctx.call.unreadKeys(keys);
    return ivrCollectDigitsNode.run(ctx, config);
  });
}

describe("ivr.collectDigits entry", () => {
  test("terminator ends the entry", async () => {
    const result = await runNode(ivrCollectDigitsNode, base, { input: "1234#@2s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("1234");
    expect(result.elapsedMs).toBe(3200);
  });

  test("maximum length ends the entry", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, maxLength: 4 }, { input: "123456@2s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("1234");
  });

  test("maximum length ends without waiting", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, maxLength: 4 }, { input: "1234@2s", channel });

    expect(result.elapsedMs).toBe(2900);
  });

  test("star restarts the entry without an attempt", async () => {
    const config = { ...base, maxAttempts: 1, invalidPrompt: { tts: { en: "That number is not valid" } } };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "12*3456#@2s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("3456");
    expect(result.prompts).toEqual([base.prompt.tts.en]);
  });

  test("hash on empty entry is invalid", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, maxAttempts: 1 }, { input: "#@2s", channel });

    expect(result.port).toBe("invalid");
    expect(result.variables.accountNo).toBeUndefined();
  });

  test("hash on empty optional entry", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, minLength: 0 }, { input: "#@2s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("");
  });

  test("inter-digit timeout after three digits", async () => {
    const result = await runNode(ivrCollectDigitsNode, base, { input: "123@2s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("123");
    // The third key comes at 2.6 s and the default inter-digit timeout is 3 s.
    expect(result.elapsedMs).toBe(5600);
  });

  test("inter-digit timeout below minimum length", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, minLength: 4, maxAttempts: 1 }, { input: "123@2s", channel });

    expect(result.port).toBe("invalid");
    expect(result.variables.accountNo).toBeUndefined();
  });

  test("first-digit timeout on optional entry", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, minLength: 0 }, { channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("");
    expect(result.elapsedMs).toBe(PROMPT_MS + 5000);
  });

  test("pattern accepts a matching entry", async () => {
    const config = { ...base, pattern: "^09\\d{8}$" };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "0912345678#@2s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("0912345678");
  });

  test("pattern rejects another entry", async () => {
    const config = { ...base, pattern: "^09\\d{8}$", maxAttempts: 1 };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "0812345678#@2s", channel });

    expect(result.port).toBe("invalid");
  });

  test("hash without terminator is invalid", async () => {
    const config = { ...base, terminator: null, maxAttempts: 1 };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "12#@2s", channel });

    expect(result.port).toBe("invalid");
  });

  test("star without clear key is invalid", async () => {
    const config = { ...base, clearKey: null, maxAttempts: 1 };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "12*34#@2s", channel });

    expect(result.port).toBe("invalid");
  });
});

describe("ivr.collectDigits prompts and type-ahead", () => {
  test("key during barge-in prompt starts entry", async () => {
    const result = await runNode(ivrCollectDigitsNode, base, { input: "5@0.5s,678#", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("5678");
    expect(promptOutcomes(result.trace)).toEqual(["interrupted"]);
  });

  test("keys during prompt without barge-in discarded", async () => {
    const config = { ...base, bargeIn: false, maxAttempts: 1 };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "567@0.2s", channel });

    expect(result.port).toBe("timeout");
    expect(promptOutcomes(result.trace)).toEqual(["played"]);
  });

  test("type-ahead keys skip the prompt", async () => {
    const result = await runNode(afterTypeAhead("1234#"), base, { channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("1234");
    expect(promptOutcomes(result.trace)).toEqual(["skipped"]);
  });

  test("clearBuffer drops type-ahead keys", async () => {
    const config = { ...base, clearBuffer: true, maxAttempts: 1 };

    const result = await runNode(afterTypeAhead("1234#"), config, { channel });

    expect(result.port).toBe("timeout");
    expect(result.variables.accountNo).toBeUndefined();
    expect(promptOutcomes(result.trace)).toEqual(["played"]);
  });

  test("invalid entry drops the keys after it", async () => {
    // Without the drop, "99" would skip the second prompt and complete a valid entry.
    const config = { ...base, minLength: 2, maxAttempts: 2 };

    const result = await runNode(afterTypeAhead("1#99"), config, { channel });

    expect(result.port).toBe("timeout");
    expect(result.variables.accountNo).toBeUndefined();
  });
});

describe("ivr.collectDigits attempts", () => {
  const timeoutPrompt = { tts: { en: "We did not hear you" } };
  const invalidPrompt = { tts: { en: "That number is not valid" } };

  test("timeout after the last attempt", async () => {
    const result = await runNode(ivrCollectDigitsNode, { ...base, timeoutPrompt, invalidPrompt }, { channel });

    expect(result.port).toBe("timeout");
    expect(result.prompts).toEqual([base.prompt.tts.en, timeoutPrompt.tts.en, base.prompt.tts.en, timeoutPrompt.tts.en, base.prompt.tts.en]);
    expect(result.elapsedMs).toBe(3 * (PROMPT_MS + 5000) + 2 * PROMPT_MS);
  });

  test("invalid after the last attempt", async () => {
    const config = { ...base, minLength: 4, maxAttempts: 2, timeoutPrompt, invalidPrompt };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "12#@2s,34#@6s", channel });

    expect(result.port).toBe("invalid");
    expect(result.prompts).toEqual([base.prompt.tts.en, invalidPrompt.tts.en, base.prompt.tts.en]);
  });

  test("valid entry on a later attempt", async () => {
    const config = { ...base, minLength: 4, invalidPrompt };

    const result = await runNode(ivrCollectDigitsNode, config, { input: "12#@2s,3456#@6s", channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("3456");
  });
});

describe("ivr.collectDigits failures", () => {
  test("caller hangs up mid-entry", async () => {
    const result = await runNode(ivrCollectDigitsNode, base, { input: "12@2s,hangup@3s", channel });

    expect(result.port).toBe("hangup");
    expect(result.variables.accountNo).toBeUndefined();
    expect(result.pendingTimers).toBe(0);
  });

  test("prompt that fails to render", async () => {
    const config = { ...base, prompt: { tts: { en: "Enter {{ $error('no account type') }}" } } };

    const result = await runNode(ivrCollectDigitsNode, config, { channel });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("no account type");
  });
});

describe("ivr.collectDigits config", () => {
  test.each([
    ["minLength above maxLength", { minLength: 5, maxLength: 4 }, "minLength", "minLength is larger than maxLength"],
    ["same clear key and terminator", { clearKey: "#" }, "clearKey", "clearKey and terminator are the same key"],
    ["invalid pattern", { pattern: "[0-9" }, "pattern", "is not a valid regular expression"],
    ["timeout below 100 ms", { firstDigitTimeoutMs: 50 }, "firstDigitTimeoutMs", ""],
    ["zero attempts", { maxAttempts: 0 }, "maxAttempts", ""],
    ["terminator of two keys", { terminator: "##" }, "terminator", "one key"],
    ["missing variable", { variable: undefined }, "variable", ""],
  ])("rejects %s", (_name, patch, path, message) => {
    const result = ivrCollectDigitsConfigSchema.safeParse({ ...base, ...patch });

    expect(result.error?.issues.map((issue) => issue.path.join("/"))).toEqual([path]);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports the config problem", async () => {
    const run = runNode(ivrCollectDigitsNode, { ...base, minLength: 5, maxLength: 4 });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/minLength .*minLength is larger than maxLength/);
  });
});
