import { defineNode, runNode } from "@callflow/sdk";

import { createNodeRegistry } from "../index.js";
import { flowSubflowNode } from "./run.js";
import { flowSubflowConfigSchema } from "./spec.js";

// runNode does not run subflows, so these tests replace the context's runSubflow and check the
// variable mapping around it. The interpreter's tests run whole flows with real subflows.

const verifyAccount = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Verify account" },
  languages: ["en"],
  entry: "check",
  nodes: [
    { id: "check", type: "logic.set", config: { assignments: [{ variable: "verified", value: "true" }] } },
    { id: "done", type: "util.log", config: { message: "verified" } },
  ],
  edges: [{ from: "check", port: "next", to: "done" }],
};
const resolver = { flow: (name: string) => (name === "verify-account" ? verifyAccount : undefined) };
const registry = createNodeRegistry();

const config = {
  flow: "verify-account",
  inputs: [{ variable: "account", value: "accountNo" }, { variable: "attempts", value: "retries + 1" }],
  outputs: [{ variable: "isVerified", from: "verified" }, { variable: "holder", from: "name" }],
};

/** Wraps the node with a runSubflow that records the inputs, then returns `results` or throws it. */
function withSubflow(results: Record<string, unknown> | Error, calls: Array<Record<string, unknown>>) {
  return defineNode(flowSubflowNode.spec, (ctx, prepared) =>
    flowSubflowNode.run(
      {
        ...ctx,
        runSubflow: async (_plan, inputs) => {
          calls.push(inputs);
          if (results instanceof Error) throw results;
          return results;
        },
      },
      prepared,
    ),
  );
}

describe("flow.subflow", () => {
  const variables = { accountNo: "0912345678", retries: 1 };

  test("passes inputs from expressions", async () => {
    const calls: Array<Record<string, unknown>> = [];

    await runNode(withSubflow({}, calls), config, { resolver, registry, variables });

    expect(calls).toEqual([{ account: "0912345678", attempts: 2 }]);
  });

  test("copies outputs back", async () => {
    const result = await runNode(withSubflow({ verified: true, name: "Amy" }, []), config, { resolver, registry, variables });

    expect(result.port).toBe("next");
    expect(result.variables.isVerified).toBe(true);
    expect(result.variables.holder).toBe("Amy");
  });

  test("failing subflow leaves by error", async () => {
    const result = await runNode(withSubflow(new Error("subflow failed"), []), config, { resolver, registry, variables });

    expect(result.port).toBe("error");
    expect(result.variables.isVerified).toBeUndefined();
  });

  test("failing input skips the subflow", async () => {
    const calls: Array<Record<string, unknown>> = [];
    const failing = { ...config, inputs: [{ variable: "account", value: "$error('no account')" }] };

    const result = await runNode(withSubflow({}, calls), failing, { resolver, registry, variables });

    expect(result.port).toBe("error");
    expect(calls).toEqual([]);
  });
});

describe("flow.subflow config", () => {
  test.each([
    ["flow name with a slash", { flow: "../other" }, "flow"],
    ["input to an invalid variable", { flow: "a", inputs: [{ variable: "a-b", value: "1" }] }, "inputs/0/variable"],
    ["empty input expression", { flow: "a", inputs: [{ variable: "a", value: "" }] }, "inputs/0/value"],
    ["output from an invalid variable", { flow: "a", outputs: [{ variable: "a", from: "1x" }] }, "outputs/0/from"],
  ])("rejects %s", (_name, patch, path) => {
    const result = flowSubflowConfigSchema.safeParse(patch);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
  });

  test("unresolved subflow rejected", async () => {
    const run = runNode(flowSubflowNode, { ...config, flow: "no-such-flow" }, { resolver, registry });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/flow .*subflow "no-such-flow", which does not exist/);
  });

  test("subflow that does not compile rejected", async () => {
    const broken = { ...verifyAccount, entry: "missing" };

    const run = runNode(flowSubflowNode, config, { resolver: { flow: () => broken }, registry });

    await expect(run).rejects.toThrow(/subflow "verify-account" does not compile/);
  });
});
