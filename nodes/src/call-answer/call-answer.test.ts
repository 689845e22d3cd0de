import { CallHangupError, defineNode, runNode, type SimulatedChannel } from "@callflow/sdk";

import { callAnswerNode } from "./run.js";
import { callAnswerSpec } from "./spec.js";

/** call.answer, run after the caller has already hung up. */
const answerAfterHangup = defineNode(callAnswerNode.spec, (ctx, config) => {
  (ctx.call.channel as SimulatedChannel).hangupFromCaller();
  return callAnswerNode.run(ctx, config);
});

describe("call.answer", () => {
  test("answers the channel", async () => {
    const result = await runNode(callAnswerNode, {});

    expect(result.port).toBe("next");
    expect(result.channel.answered).toBe(true);
  });

  test("caller already gone", async () => {
    const result = await runNode(answerAfterHangup, {});

    expect(result.port).toBe("hangup");
    expect(result.error).toBeInstanceOf(CallHangupError);
    expect(result.channel.answered).toBe(false);
  });
});

describe("call.answer config", () => {
  test("rejects a config that is not an object", () => {
    const result = callAnswerSpec.configSchema.safeParse("now");

    expect(result.success).toBe(false);
  });

  test("not allowed in workflow flows", async () => {
    const run = runNode(callAnswerNode, {}, { kind: "workflow" });

    await expect(run).rejects.toThrow("cannot be used in a workflow flow");
  });
});
