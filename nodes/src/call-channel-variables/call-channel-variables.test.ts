import { runNode } from "@callflow/sdk";

import { callChannelVariablesNode } from "./run.js";
import { callChannelVariablesConfigSchema } from "./spec.js";

describe("call.channelVariables", () => {
  test("sets channel variables from expressions", async () => {
    const config = { set: [{ name: "X_ACCOUNT", value: "accountNo" }, { name: "X_DATA", value: "{ 'tier': tier }" }] };

    const result = await runNode(callChannelVariablesNode, config, { variables: { accountNo: "12345", tier: "gold" } });

    expect(result.port).toBe("next");
    expect(await result.channel.getVariable("X_ACCOUNT")).toBe("12345");
    expect(await result.channel.getVariable("X_DATA")).toBe('{"tier":"gold"}');
  });

  test("reads channel variables and functions into flow variables", async () => {
    const config = { get: [{ name: "X_SEGMENT", variable: "segment" }, { name: "CALLERID(num)", variable: "ani" }] };

    const result = await runNode(callChannelVariablesNode, config, { channel: { caller: "0911222333", variables: { X_SEGMENT: "vip" } } });

    expect(result.variables.segment).toBe("vip");
    expect(result.variables.ani).toBe("0911222333");
  });

  test("an unset channel variable reads as undefined", async () => {
    const result = await runNode(callChannelVariablesNode, { get: [{ name: "X_NONE", variable: "none" }] });

    expect(result.variables.none).toBeUndefined();
  });

  test("rejects a config that neither sets nor gets", () => {
    expect(callChannelVariablesConfigSchema.safeParse({}).success).toBe(false);
  });
});
