import { logicScriptNode, SCRIPT_SERVICE, type ScriptService } from "@callflow/nodes";
import { defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import type { ScriptSandbox } from "../../src/sandbox/index.js";
import { createTestSandbox } from "./support/test-sandbox.js";
import { sleep, timed } from "./support/timed.js";

// The node as the runtime runs it: with the sandbox in the context's services, bound to a tenant.
function nodeFor(service: ScriptService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === SCRIPT_SERVICE.name ? (service as never) : undefined) };

  return defineNode(logicScriptNode.spec, (ctx, config) => logicScriptNode.run({ ...ctx, services }, config));
}

describe("logic.script in the sandbox", () => {
  let sandbox: ScriptSandbox;
  let calmNode: NodeDefinition<any, any>;
  let rogueNode: NodeDefinition<any, any>;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 2, tenantLimits: (tenantId) => (tenantId === "rogue" ? { cpuTimeMs: 500 } : undefined) });
    await sandbox.start();
    calmNode = nodeFor(sandbox.forTenant("calm"));
    rogueNode = nodeFor(sandbox.forTenant("rogue"));
  });

  afterAll(() => sandbox.close());

  test("computes outputs and leaves by next", async () => {
    const config = { code: "const fee = inputs.amount > 1000 ? 0 : 15;\nconsole.log('fee', fee);\nreturn { fee, total: inputs.amount + fee };", inputs: ["amount"], outputs: ["fee", "total"] };

    const result = await runNode(calmNode, config, { variables: { amount: 200 } });

    expect(result.port).toBe("next");
    expect(result.variables).toMatchObject({ fee: 15, total: 215 });
    expect(result.trace).toContainEqual(expect.objectContaining({ type: "log", level: "info", message: "fee 15" }));
  });

  test("busy loop leaves by error", async () => {
    const result = await runNode(rogueNode, { code: "while (true) {}", timeoutMs: 2_000 });

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("script-cpu-limit");
  });

  test("never-settling promise leaves by error at timeoutMs", async () => {
    const result = await runNode(calmNode, { code: "await new Promise(() => {});", timeoutMs: 100 });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain("did not finish within its 100 ms deadline");
  });

  test("another call's node is served during a runaway", async () => {
    const runaway = timed(runNode(rogueNode, { code: "while (true) {}", timeoutMs: 2_000 }));

    await sleep(20);
    const calm = await timed(runNode(calmNode, { code: "return { total: inputs.amount * 2 };", inputs: ["amount"], outputs: ["total"] }, { variables: { amount: 21 } }));
    const rogue = await runaway;

    expect(calm.value?.variables.total).toBe(42);
    expect(calm.elapsedMs).toBeLessThan(200);
    expect(rogue.value?.port).toBe("error");
    expect(rogue.elapsedMs).toBeGreaterThanOrEqual(500);
  });

  test("caller hang-up stops the script", async () => {
    const outcome = await timed(runNode(calmNode, { code: "await new Promise(() => {});", timeoutMs: 5_000 }, { input: "hangup@1s" }));

    expect(outcome.value?.port).toBe("hangup");
    expect(outcome.elapsedMs).toBeLessThan(1_000);
  });

  test("a sensitive input stays out of the error", async () => {
    const config = { code: "throw new Error('no account ' + inputs.accountNo);", inputs: ["accountNo"] };

    const result = await runNode(calmNode, config, { variables: { accountNo: "0912345678" }, sensitive: ["accountNo"] });

    expect((result.error as Error).message).toBe("the script threw Error: no account [redacted] at line 1");
  });
});
