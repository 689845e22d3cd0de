import { createNodeRegistry, SCRIPT_SERVICE, type ScriptService } from "@callflow/nodes";
import { compileFlow, realClock, SimulatedChannel, type Plan } from "@callflow/sdk";

import { ServiceTable } from "../../src/connectors/node-services.js";
import type { ScriptSandbox } from "../../src/sandbox/index.js";
import { Session } from "../../src/session/session.js";
import { createTestSandbox } from "./support/test-sandbox.js";

// The scripts of one call share a context. The call's end releases it, and no other call can read it.
const COUNT = "globalThis.count = (globalThis.count ?? 0) + 1; return { count };";

describe("script contexts per call", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 2, limits: { cpuTimeMs: 100 } });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  const run = (tenantId: string, code: string, call: object | undefined, inputs: Record<string, unknown> = {}) =>
    sandbox.run(tenantId, { code, inputs, timeoutMs: 2_000 }, { call });

  test("runs of one call share globals", async () => {
    const call = {};

    const first = await run("tenant-a", COUNT, call);
    const second = await run("tenant-a", COUNT, call);
    sandbox.endCall(call);

    expect(first.value).toEqual({ count: 1 });
    expect(second.value).toEqual({ count: 2 });
  });

  test("concurrent calls see nothing of each other", async () => {
    const callA = {};
    const callB = {};

    await run("tenant-a", "globalThis.secret = inputs.secret; globalThis.tools = { mask: (text) => text.slice(-2) }; return {};", callA, { secret: "s3cret" });
    const seenByB = await run("tenant-a", "return { secret: typeof secret, tools: typeof tools };", callB);
    const seenByA = await run("tenant-a", "return { secret, masked: tools.mask(secret) };", callA);
    sandbox.endCall(callA);
    sandbox.endCall(callB);

    expect(seenByB.value).toEqual({ secret: "undefined", tools: "undefined" });
    expect(seenByA.value).toEqual({ secret: "s3cret", masked: "et" });
  });

  test("ending a call releases its context", async () => {
    const call = {};

    await run("tenant-a", COUNT, call);
    await run("tenant-a", COUNT, call);
    sandbox.endCall(call);
    const afterEnd = await run("tenant-a", COUNT, call);
    sandbox.endCall(call);

    expect(afterEnd.value).toEqual({ count: 1 });
  });

  test("runs without a call start fresh", async () => {
    const first = await run("tenant-a", COUNT, undefined);
    const second = await run("tenant-a", COUNT, undefined);

    expect(first.value).toEqual({ count: 1 });
    expect(second.value).toEqual({ count: 1 });
  });

  test("a stopped run discards the call's context", async () => {
    const call = {};

    await run("tenant-a", COUNT, call);
    const stopped = await run("tenant-a", "globalThis.count = 100; while (true) {}", call).catch((error: unknown) => error);
    const afterStop = await run("tenant-a", COUNT, call);
    sandbox.endCall(call);

    expect((stopped as { code?: unknown }).code).toBe("script-cpu-limit");
    expect(afterStop.value).toEqual({ count: 1 });
  });

  test("a stopped run discards every compartment", async () => {
    const call = {};

    await run("tenant-a", COUNT, call);
    const stopped = await sandbox.run("tenant-a", { code: "while (true) {}", inputs: {}, timeoutMs: 2_000 }).catch((error: unknown) => error);
    const after = await run("tenant-a", COUNT, call);
    sandbox.endCall(call);

    expect((stopped as { code?: unknown }).code).toBe("script-cpu-limit");
    expect(after.value).toEqual({ count: 1 });
  });

  test("a thrown error keeps the call's context", async () => {
    const call = {};

    await run("tenant-a", COUNT, call);
    const thrown = await run("tenant-a", "throw new Error('no account')", call).catch((error: unknown) => error);
    const afterThrow = await run("tenant-a", COUNT, call);
    sandbox.endCall(call);

    expect((thrown as { code?: unknown }).code).toBe("script-error");
    expect(afterThrow.value).toEqual({ count: 2 });
  });

  test("a call object used by two tenants is not shared", async () => {
    const call = {};

    await run("tenant-a", "globalThis.fromA = 1; return {};", call);
    const seenByB = await run("tenant-b", "return { fromA: typeof globalThis.fromA };", call);
    sandbox.endCall(call);

    expect(seenByB.value).toEqual({ fromA: "undefined" });
  });

  test("the next run's logs hold only its own lines", async () => {
    const call = {};

    await run("tenant-a", "console.log('first run'); return {};", call);
    const second = await run("tenant-a", "console.log('second run'); return {};", call);
    sandbox.endCall(call);

    expect(second.logs).toEqual([{ level: "info", message: "second run" }]);
  });
});

describe("kept call contexts", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    // 8 MB is the smallest memory limit; the isolate keeps 64 call compartments under it.
    sandbox = createTestSandbox({ workers: 1, limits: { memoryMb: 8 } });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  test("a call beyond the maximum keeps no context", async () => {
    const calls = Array.from({ length: 65 }, () => ({}));

    for (const call of calls) await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call });
    const oldest = await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call: calls[0] });
    const newest = await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call: calls[64] });
    for (const call of calls) sandbox.endCall(call);
    const afterEnd = await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call: calls[64] });
    const again = await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call: calls[64] });
    sandbox.endCall(calls[64]);

    expect(oldest.value).toEqual({ count: 2 });
    expect(newest.value).toEqual({ count: 1 });
    expect(afterEnd.value).toEqual({ count: 1 });
    expect(again.value).toEqual({ count: 2 });
  });
});

const MARK = "globalThis.mark = inputs.callId; return {};";
const READ_MARK = "return { seen: typeof mark === 'string' ? mark : 'nothing' };";

// A flow of script nodes in a row; the last one's `seen` becomes the flow variable.
function scriptChain(codes: readonly string[]): Plan {
  const nodes = codes.map((code, index) => ({ id: `s${index}`, type: "logic.script", config: { code, inputs: ["callId"], outputs: ["seen"] } }));
  const edges = nodes.map((node, index) => ({ from: node.id, port: "next", to: index === nodes.length - 1 ? "end" : `s${index + 1}` }));
  const document = {
    schemaVersion: 1,
    kind: "workflow",
    name: { en: "Script chain" },
    languages: ["en"],
    entry: "s0",
    variables: { seen: { type: "string" } },
    nodes: [...nodes, { id: "end", type: "flow.end" }],
    edges,
  };
  const result = compileFlow(document, { registry: createNodeRegistry() });

  if (!result.ok) throw new Error(`flow does not compile: ${result.problems.map((p) => `${p.code} ${p.message}`).join("; ")}`);
  return result.plan;
}

describe("session and script contexts", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1 });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  test("session ends the call's scripts once", async () => {
    const tenant = sandbox.forTenant("tenant-a");
    const runCalls: object[] = [];
    const endedCalls: object[] = [];
    const recording: ScriptService = {
      run: (request, context) => {
        if (context.call !== undefined) runCalls.push(context.call);
        return tenant.run(request, context);
      },
      endCall: (call) => {
        endedCalls.push(call);
        tenant.endCall?.(call);
      },
    };
    const services = new ServiceTable().add(SCRIPT_SERVICE, recording);
    const channel = new SimulatedChannel({ clock: realClock, callId: "call-1" });

    const result = await new Session({ plan: scriptChain([MARK, READ_MARK]), channel, clock: realClock, tenantId: "tenant-a", services }).run();
    const afterEnd = await sandbox.run("tenant-a", { code: "return { mark: typeof mark };", inputs: {}, timeoutMs: 2_000 }, { call: endedCalls[0] });

    expect(result.variables.seen).toBe("call-1");
    expect(runCalls).toHaveLength(2);
    expect(runCalls[1]).toBe(runCalls[0]);
    expect(endedCalls).toEqual([runCalls[0]]);
    expect(afterEnd.value).toEqual({ mark: "undefined" });
  });

  test("two sessions share no script state", async () => {
    const services = new ServiceTable().add(SCRIPT_SERVICE, sandbox.forTenant("tenant-a"));
    const session = (plan: Plan, callId: string) => new Session({ plan, channel: new SimulatedChannel({ clock: realClock, callId }), clock: realClock, tenantId: "tenant-a", services });

    const marked = await session(scriptChain([MARK, READ_MARK]), "call-2").run();
    const next = await session(scriptChain([READ_MARK]), "call-3").run();

    expect(marked.variables.seen).toBe("call-2");
    expect(next.variables.seen).toBe("nothing");
  });
});

describe("isolates per tenant", () => {
  let sandbox: ScriptSandbox;

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 1, tenantLimits: (tenantId) => (tenantId === "greedy" ? { cpuTimeMs: 5_000 } : undefined) });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  test("a memory stop spares other tenants' calls", async () => {
    const call = {};

    const first = await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call });
    const greedy = await sandbox.run("greedy", { code: "const kept = []; while (true) kept.push(new Array(1e5).fill(kept.length));", inputs: {}, timeoutMs: 10_000 }).catch((error: unknown) => error);
    const second = await sandbox.run("tenant-a", { code: COUNT, inputs: {}, timeoutMs: 2_000 }, { call });
    sandbox.endCall(call);

    expect((greedy as { code?: unknown }).code).toBe("script-memory-limit");
    expect(first.value).toEqual({ count: 1 });
    expect(second.value).toEqual({ count: 2 });
  });
});
