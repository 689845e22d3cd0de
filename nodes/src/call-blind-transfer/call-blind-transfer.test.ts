import { runNode } from "@callflow/sdk";

import { callBlindTransferNode } from "./run.js";
import { callBlindTransferConfigSchema } from "./spec.js";

describe("call.blindTransfer", () => {
  test("continues in the dialplan with the rendered extension", async () => {
    const result = await runNode(callBlindTransferNode, { context: "from-ivr", extension: "8{{queue}}" }, { variables: { queue: "01" } });

    expect(result.channel.continuedTo).toEqual({ context: "from-ivr", extension: "801", priority: 1 });
    expect(result.channel.hungUpBy).toBe("dialplan");
  });

  test("is traced as call.continued", async () => {
    const result = await runNode(callBlindTransferNode, { context: "from-ivr", extension: "800" });

    expect(result.trace.some((e) => e.type === "call.continued")).toBe(true);
  });

  test("rejects a context with spaces", () => {
    expect(callBlindTransferConfigSchema.safeParse({ context: "from ivr", extension: "800" }).success).toBe(false);
  });
});
