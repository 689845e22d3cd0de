import { defineNode, portsOf, runNode, type NodeDefinition, type TraceEvent } from "@callflow/sdk";

import { ivrMenuNode } from "./run.js";
import { ivrMenuConfigSchema, ivrMenuSpec } from "./spec.js";

// Every prompt lasts 1 s, so the times in the caller scripts below are easy to follow.
const PROMPT_MS = 1000;
const channel = { promptDurationMs: () => PROMPT_MS };

const mainPrompt = { tts: { en: "For sales press 1, for support press 2" } };
const timeoutPrompt = { tts: { en: "We did not hear a choice" } };
const invalidPrompt = { tts: { en: "That is not one of the choices" } };

const base = {
  prompt: mainPrompt,
  options: [
    { key: "1", port: "sales" },
    { key: "2", port: "support" },
    { key: "231", port: "cardLost" },
  ],
  variable: "choice",
};

function promptOutcomes(trace: TraceEvent[]): string[] {
  return trace.flatMap((event) => (event.type === "prompt.played" ? [event.outcome] : []));
}

/**
 * Wraps the menu so that it starts with `typeAhead` in the type-ahead buffer, as a previous node
 * leaves them. `left.keys` receives the keys still buffered when the menu returns.
 */
function menuWithBuffer(typeAhead: string, left: { keys?: string }): NodeDefinition<any, any> {
  return defineNode(ivrMenuNode.spec, async (ctx, config) => {
    ctx.call.unreadKeys(typeAhead);
    const port = await ivrMenuNode.run(ctx, config);

    left.keys = ctx.call.bufferedKeys;
    return port;
  });
}

describe("ivr.menu choices", () => {
  test("single key selects its option", async () => {
    const result = await runNode(ivrMenuNode, base, { input: "1@1.5s", channel });

    expect(result.port).toBe("sales");
    expect(result.variables.choice).toBe("1");
  });

  test("multi-key option keyed at once", async () => {
    const result = await runNode(ivrMenuNode, base, { input: "231@0.2s", channel });

    expect(result.port).toBe("cardLost");
    expect(result.variables.choice).toBe("231");
    expect(promptOutcomes(result.trace)).toEqual(["interrupted"]);
  });

  test("prefix key then inter-digit timeout", async () => {
    const result = await runNode(ivrMenuNode, base, { input: "2@1.5s", channel });

    expect(result.port).toBe("support");
    expect(result.variables.choice).toBe("2");
    // The menu waits the default 2 s inter-digit timeout for the rest of "231".
    expect(result.elapsedMs).toBe(3500);
  });

  test("keys past the match stay buffered", async () => {
    const left: { keys?: string } = {};

    const result = await runNode(menuWithBuffer("", left), base, { input: "239@1.5s", channel });

    expect(result.port).toBe("support");
    expect(left.keys).toBe("39");
  });

  test("type-ahead path keeps the rest", async () => {
    const left: { keys?: string } = {};

    const result = await runNode(menuWithBuffer("15", left), base, { channel });

    expect(result.port).toBe("sales");
    expect(left.keys).toBe("5");
    expect(promptOutcomes(result.trace)).toEqual(["skipped"]);
  });

  test("partial multi-key entry is invalid", async () => {
    const config = { ...base, options: [base.options[0], base.options[2]], maxAttempts: 1 };

    const result = await runNode(ivrMenuNode, config, { input: "23@1.5s", channel });

    expect(result.port).toBe("invalid");
    expect(result.variables.choice).toBeUndefined();
  });

  test("repeat key replays without an attempt", async () => {
    const config = { ...base, repeatKey: "9", maxAttempts: 1 };

    const result = await runNode(ivrMenuNode, config, { input: "9@1.5s,1@3s", channel });

    expect(result.port).toBe("sales");
    expect(result.prompts).toEqual([mainPrompt.tts.en, mainPrompt.tts.en]);
  });
});

describe("ivr.menu attempts", () => {
  test("timeout after the last attempt", async () => {
    const result = await runNode(ivrMenuNode, { ...base, timeoutPrompt, invalidPrompt }, { channel });

    expect(result.port).toBe("timeout");
    expect(result.prompts).toEqual([mainPrompt.tts.en, timeoutPrompt.tts.en, mainPrompt.tts.en, timeoutPrompt.tts.en, mainPrompt.tts.en]);
    expect(result.elapsedMs).toBe(3 * (PROMPT_MS + 5000) + 2 * PROMPT_MS);
  });

  test("invalid after the last attempt", async () => {
    const config = { ...base, maxAttempts: 2, timeoutPrompt, invalidPrompt };

    const result = await runNode(ivrMenuNode, config, { input: "5@1.5s,7@4s", channel });

    expect(result.port).toBe("invalid");
    expect(result.prompts).toEqual([mainPrompt.tts.en, invalidPrompt.tts.en, mainPrompt.tts.en]);
  });

  test("last failure names the port", async () => {
    const config = { ...base, maxAttempts: 2, timeoutPrompt, invalidPrompt };

    const result = await runNode(ivrMenuNode, config, { input: "5@8.5s", channel });

    expect(result.port).toBe("invalid");
    expect(result.prompts).toEqual([mainPrompt.tts.en, timeoutPrompt.tts.en, mainPrompt.tts.en]);
  });

  test("valid choice on a later attempt", async () => {
    const result = await runNode(ivrMenuNode, { ...base, invalidPrompt }, { input: "5@1.5s,1@4s", channel });

    expect(result.port).toBe("sales");
  });
});

describe("ivr.menu barge-in and buffer", () => {
  test("bargeIn false discards keys", async () => {
    const config = { ...base, bargeIn: false, maxAttempts: 1 };

    const result = await runNode(ivrMenuNode, config, { input: "1@0.5s", channel });

    expect(result.port).toBe("timeout");
    expect(promptOutcomes(result.trace)).toEqual(["played"]);
  });

  test("clearBuffer drops type-ahead keys", async () => {
    const config = { ...base, clearBuffer: true, maxAttempts: 1 };

    const result = await runNode(menuWithBuffer("1", {}), config, { channel });

    expect(result.port).toBe("timeout");
    expect(promptOutcomes(result.trace)).toEqual(["played"]);
  });

  test("invalid choice drops the keys after it", async () => {
    // Without the drop, the buffered "1" would select sales on the second attempt.
    const config = { ...base, maxAttempts: 2 };

    const result = await runNode(menuWithBuffer("51", {}), config, { channel });

    expect(result.port).toBe("timeout");
  });
});

describe("ivr.menu failures", () => {
  test("caller hangs up during the prompt", async () => {
    const result = await runNode(ivrMenuNode, base, { input: "hangup@0.5s", channel });

    expect(result.port).toBe("hangup");
    expect(result.pendingTimers).toBe(0);
  });

  test("prompt that fails to render", async () => {
    const config = { ...base, prompt: { tts: { en: "Hello {{ $error('no menu text') }}" } } };

    const result = await runNode(ivrMenuNode, config, { channel });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("no menu text");
  });
});

describe("ivr.menu config", () => {
  test("ports follow the options", () => {
    const config = ivrMenuConfigSchema.parse({ ...base, options: [...base.options, { key: "3", port: "sales" }] });

    expect(portsOf(ivrMenuSpec, config)).toEqual(["sales", "support", "cardLost", "timeout", "invalid"]);
  });

  test.each([
    ["duplicate key", { options: [{ key: "1", port: "a" }, { key: "1", port: "b" }] }, "options/1/key", 'key "1" is used twice'],
    ["key starting with repeat key", { repeatKey: "1" }, "options/0/key", 'starts with the repeat key "1"'],
    ["timeout as option port", { options: [{ key: "1", port: "timeout" }] }, "options/0/port", "menu's own ports"],
    ["error as option port", { options: [{ key: "1", port: "error" }] }, "options/0/port", "reserved for failures"],
    ["no options", { options: [] }, "options", "at least one option"],
    ["key of nine keys", { options: [{ key: "123456789", port: "a" }] }, "options/0/key", "1-8 keys"],
    ["letter key", { options: [{ key: "1a", port: "a" }] }, "options/0/key", "1-8 keys"],
    ["timeout below 100 ms", { firstKeyTimeoutMs: 99 }, "firstKeyTimeoutMs", ""],
    ["eleven attempts", { maxAttempts: 11 }, "maxAttempts", ""],
  ])("rejects %s", (_name, patch, path, message) => {
    const result = ivrMenuConfigSchema.safeParse({ ...base, ...patch });

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports the config problem", async () => {
    const run = runNode(ivrMenuNode, { ...base, repeatKey: "2" });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/options\/1\/key .*starts with the repeat key/);
  });
});
