import { defineNode, runNode, type SimulatedChannel } from "@callflow/sdk";

import { callHangupNode } from "./run.js";
import { callHangupConfigSchema, callHangupSpec } from "./spec.js";

/** call.hangup, run after the caller has already hung up with cause 16. */
const hangupAfterCaller = defineNode(callHangupNode.spec, (ctx, config) => {
  (ctx.call.channel as SimulatedChannel).hangupFromCaller(16);
  return callHangupNode.run(ctx, config);
});

describe("call.hangup", () => {
  test("sends its cause", async () => {
    const result = await runNode(callHangupNode, { cause: 17 });

    expect(result.channel.hungUpBy).toBe("flow");
    expect(result.channel.hangupCause).toBe(17);
  });

  test("normal clearing by default", async () => {
    const result = await runNode(callHangupNode, {});

    expect(result.channel.hangupCause).toBe(16);
  });

  test("leaves by no port of its own", async () => {
    const result = await runNode(callHangupNode, {});

    expect(callHangupSpec.ports).not.toContain(result.port);
    expect(callHangupSpec.terminal).toBe(true);
  });

  test("caller already gone", async () => {
    const result = await runNode(hangupAfterCaller, { cause: 21 });

    expect(result.error).toBeUndefined();
    expect(result.channel.hungUpBy).toBe("caller");
    expect(result.channel.hangupCause).toBe(16);
  });

  test("cancels the rest of the caller script", async () => {
    const result = await runNode(callHangupNode, {}, { input: "1@5s,hangup@9s" });

    expect(result.elapsedMs).toBe(0);
    expect(result.pendingTimers).toBe(0);
  });
});

describe("call.hangup config", () => {
  test.each([
    ["cause 0", { cause: 0 }],
    ["cause 128", { cause: 128 }],
    ["fractional cause", { cause: 16.5 }],
    ["cause as text", { cause: "16" }],
  ])("rejects %s", (_name, config) => {
    const result = callHangupConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path).toEqual(["cause"]);
  });

  test("compiler reports a bad cause", async () => {
    const run = runNode(callHangupNode, { cause: 200 });

    await expect(run).rejects.toThrow("/nodes/0/config/cause");
  });
});
