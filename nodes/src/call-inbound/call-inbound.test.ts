import { REDACTED, runNode } from "@callflow/sdk";

import { callInboundNode } from "./run.js";
import { callInboundConfigSchema } from "./spec.js";

const channel = { variables: { X_ACCOUNT: "0912345678", X_SEGMENT: "vip" } };
const mapping = { channelVariables: [{ name: "X_ACCOUNT", variable: "accountNo" }, { name: "X_SEGMENT", variable: "segment" }] };

describe("call.inbound channel variables", () => {
  test("maps channel variables to flow variables", async () => {
    const result = await runNode(callInboundNode, mapping, { channel });

    expect(result.port).toBe("next");
    expect(result.variables.accountNo).toBe("0912345678");
    expect(result.variables.segment).toBe("vip");
  });

  test("copies every channel variable to channel", async () => {
    const result = await runNode(callInboundNode, {}, { channel });

    expect(result.variables.channel).toEqual({ X_ACCOUNT: "0912345678", X_SEGMENT: "vip" });
  });

  test("missing channel variable leaves it unset", async () => {
    const config = { channelVariables: [{ name: "X_MISSING", variable: "missing" }] };

    const result = await runNode(callInboundNode, config, { channel });

    expect(result.port).toBe("next");
    expect(result.variables.missing).toBeUndefined();
  });

  test("no channel variables, empty channel", async () => {
    const result = await runNode(callInboundNode, {});

    expect(result.variables.channel).toEqual({});
  });

  test("sensitive mapped value absent from trace", async () => {
    const result = await runNode(callInboundNode, mapping, { channel, sensitive: ["accountNo"] });

    expect(result.variables.accountNo).toBe("0912345678");
    expect(JSON.stringify(result.trace)).not.toContain("0912345678");
  });

  test("sensitive mapped value redacted in channel", async () => {
    const result = await runNode(callInboundNode, mapping, { channel, sensitive: ["accountNo"] });

    expect(result.variables.channel).toEqual({ X_ACCOUNT: REDACTED, X_SEGMENT: "vip" });
  });
});

describe("call.inbound config", () => {
  test.each([
    ["empty channel variable name", { channelVariables: [{ name: "", variable: "a" }] }, "channelVariables/0/name"],
    ["invalid variable name", { channelVariables: [{ name: "X_A", variable: "a-b" }] }, "channelVariables/0/variable"],
    ["channel variables not a list", { channelVariables: { X_A: "a" } }, "channelVariables"],
  ])("rejects %s", (_name, config, path) => {
    const result = callInboundConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
  });

  test("not allowed in workflow flows", async () => {
    const run = runNode(callInboundNode, {}, { kind: "workflow" });

    await expect(run).rejects.toThrow("cannot be used in a workflow flow");
  });
});
