import { createNodeRegistry, SCRIPT_SERVICE } from "@callflow/nodes";
import { compileFlow, MemoryTraceSink, realClock, SimulatedChannel, type Plan, type TraceEvent } from "@callflow/sdk";

import { ServiceTable } from "../../src/connectors/node-services.js";
import type { ScriptSandbox } from "../../src/sandbox/index.js";
import { Session } from "../../src/session/session.js";
import { createTestSandbox } from "./support/test-sandbox.js";
import { sleep, timed } from "./support/timed.js";

// Whole calls on the real clock: a session per call, the sandbox in each call's node services.
const ROGUE_CPU_MS = 600;
const CALM_BOUND_MS = 200;

function scriptFlow(code: string): Plan {
  const document = {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Script call" },
    languages: ["en"],
    entry: "compute",
    variables: { amount: { type: "number", initial: 200 } },
    nodes: [
      { id: "compute", type: "logic.script", config: { code, inputs: ["amount"], outputs: ["total"], timeoutMs: 2_000 } },
      { id: "tell", type: "media.play", config: { prompt: { tts: { en: "Your total is {{ total }}" } } } },
      { id: "sorry", type: "media.play", config: { prompt: { tts: { en: "Sorry, we cannot work that out now" } } } },
      { id: "end", type: "call.hangup" },
    ],
    edges: [
      { from: "compute", port: "next", to: "tell" },
      { from: "compute", port: "error", to: "sorry" },
      { from: "tell", port: "next", to: "end" },
      { from: "sorry", port: "next", to: "end" },
    ],
  };
  const result = compileFlow(document, { registry: createNodeRegistry() });

  if (!result.ok) throw new Error(`flow does not compile: ${result.problems.map((p) => `${p.code} ${p.message}`).join("; ")}`);
  return result.plan;
}

describe("calls with script nodes", () => {
  let sandbox: ScriptSandbox;

  // Runs one call of `plan` for `tenantId` and returns its trace.
  async function call(plan: Plan, tenantId: string, callId: string): Promise<TraceEvent[]> {
    const sink = new MemoryTraceSink();
    const channel = new SimulatedChannel({ clock: realClock, callId, promptDurationMs: () => 1 });
    const services = new ServiceTable().add(SCRIPT_SERVICE, sandbox.forTenant(tenantId));

    await new Session({ plan, channel, clock: realClock, sink, tenantId, services }).run();
    return sink.events;
  }

  const prompts = (trace: TraceEvent[]): string[] => trace.flatMap((event) => (event.type === "prompt.played" ? [String(event.text)] : []));
  const errors = (trace: TraceEvent[]): string[] => trace.flatMap((event) => (event.type === "node.error" ? [`${event.code}: ${event.message}`] : []));

  beforeAll(async () => {
    sandbox = createTestSandbox({ workers: 2, tenantLimits: (tenantId) => (tenantId === "rogue" ? { cpuTimeMs: ROGUE_CPU_MS } : undefined) });
    await sandbox.start();
  });

  afterAll(() => sandbox.close());

  test("script output reaches the prompt", async () => {
    const trace = await call(scriptFlow("return { total: inputs.amount * 1.05 };"), "calm", "call-1");

    expect(prompts(trace)).toEqual(["Your total is 210"]);
  });

  test("runaway call apologizes while another call is served", async () => {
    const rogue = timed(call(scriptFlow("while (true) {}"), "rogue", "call-rogue"));

    await sleep(20);
    const calm = await timed(call(scriptFlow("return { total: inputs.amount * 2 };"), "calm", "call-calm"));
    const runaway = await rogue;

    expect(prompts(calm.value!)).toEqual(["Your total is 400"]);
    expect(calm.elapsedMs).toBeLessThan(CALM_BOUND_MS);
    expect(prompts(runaway.value!)).toEqual(["Sorry, we cannot work that out now"]);
    expect(errors(runaway.value!)).toEqual([`script-cpu-limit: the script used more than its ${ROGUE_CPU_MS} ms of CPU time and was stopped; look for an endless loop, or do less work in one run`]);
    expect(runaway.elapsedMs).toBeGreaterThanOrEqual(ROGUE_CPU_MS);
  });
});
