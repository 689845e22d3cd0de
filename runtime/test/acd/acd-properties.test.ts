import { VirtualClock } from "@callflow/sdk";
import fc from "fast-check";

import { AcdEngine } from "../../src/acd/acd-engine.js";
import { AcdError } from "../../src/acd/acd-error.js";
import type { AcdEvent } from "../../src/acd/acd-events.js";
import type { AcdState } from "../../src/acd/acd-state.js";
import { STRATEGIES } from "../../src/acd/acd-types.js";

const AGENTS = ["a1", "a2", "a3", "a4", "a5"];
const SKILLS = ["billing", "sales", "tech"];
const REASONS = ["break", "lunch", "training"];

type Operation =
  | { op: "login"; agent: number; ready: boolean }
  | { op: "logout"; agent: number }
  | { op: "ready"; agent: number }
  | { op: "notReady"; agent: number; reason: number }
  | { op: "enqueue"; queue: number; priority: number; caller: number; region: number }
  | { op: "accept"; agent: number }
  | { op: "end"; agent: number }
  | { op: "abandon"; call: number }
  | { op: "skill"; agent: number; skill: number; level: number | null; temporary: boolean }
  | { op: "advance"; ms: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant("login" as const), agent: fc.nat(4), ready: fc.boolean() }),
  fc.record({ op: fc.constant("logout" as const), agent: fc.nat(4) }),
  fc.record({ op: fc.constant("ready" as const), agent: fc.nat(4) }),
  fc.record({ op: fc.constant("notReady" as const), agent: fc.nat(4), reason: fc.nat(2) }),
  fc.record({ op: fc.constant("enqueue" as const), queue: fc.nat(2), priority: fc.nat(3), caller: fc.nat(5), region: fc.nat(2) }),
  fc.record({ op: fc.constant("accept" as const), agent: fc.nat(4) }),
  fc.record({ op: fc.constant("end" as const), agent: fc.nat(4) }),
  fc.record({ op: fc.constant("abandon" as const), call: fc.nat(30) }),
  fc.record({ op: fc.constant("skill" as const), agent: fc.nat(4), skill: fc.nat(2), level: fc.option(fc.integer({ min: 1, max: 10 })), temporary: fc.boolean() }),
  fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
);

function newEngine(strategies: string[][]): { engine: AcdEngine; clock: VirtualClock; events: AcdEvent[] } {
  const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
  const engine = new AcdEngine({ clock });
  const events: AcdEvent[] = [];

  engine.onEvent((event) => events.push(event));
  engine.configureGroup({ id: "team", maxOnBreak: 1 });
  SKILLS.forEach((skill, index) =>
    engine.configureQueue({
      id: `q-${skill}`,
      skill,
      servicePriority: index,
      strategies: strategies[index],
      ringTimeoutMs: 15_000,
      wrapUpMs: index * 5000,
      dedicatedAgents: { caller1: "a2" },
      groupShares: [{ group: "team", percent: 100 }],
      overflow: index === 2 ? { maxWait: { ms: 60_000, target: { type: "queue", queue: "q-billing" } } } : undefined,
    }),
  );
  AGENTS.forEach((id, index) => engine.configureAgent({ id, skills: { [SKILLS[index % 3]]: 1 + index, [SKILLS[(index + 1) % 3]]: 3 }, groups: ["team"], site: `r${index % 3}` }));
  return { engine, clock, events };
}

async function perform(engine: AcdEngine, clock: VirtualClock, step: Operation, callCount: { value: number }): Promise<void> {
  const agentId = "agent" in step ? AGENTS[step.agent] : "";
  const agent = engine.state.agents.get(agentId);

  switch (step.op) {
    case "login":
      return engine.login(agentId, { ready: step.ready });
    case "logout":
      return engine.logout(agentId);
    case "ready":
      return engine.setReady(agentId);
    case "notReady":
      engine.setNotReady(agentId, REASONS[step.reason]);
      return;
    case "enqueue":
      engine.enqueue({ id: `call-${callCount.value++}`, queue: `q-${SKILLS[step.queue]}`, priority: step.priority, caller: `caller${step.caller}`, region: `r${step.region}` });
      return;
    case "accept":
      return engine.accept(agentId, agent?.callId ?? "none");
    case "end":
      return engine.endCall(agentId);
    case "abandon":
      return engine.abandon(`call-${step.call}`);
    case "skill":
      return engine.setSkill(agentId, SKILLS[step.skill], step.level, { temporary: step.temporary });
    case "advance":
      return clock.advance(step.ms);
  }
}

// Checks what must hold after every operation; throws with a description when it does not.
function checkInvariants(state: AcdState): void {
  const holders = new Map<string, string>();

  for (const agent of state.agents.values()) {
    const busy = agent.state === "reserved" || agent.state === "on-call";

    if (busy !== (agent.callId !== undefined)) throw new Error(`agent ${agent.id} is ${agent.state} with call ${agent.callId}`);
    if (agent.callId === undefined) continue;
    if (holders.has(agent.callId)) throw new Error(`call ${agent.callId} is with ${holders.get(agent.callId)} and ${agent.id}`);
    holders.set(agent.callId, agent.id);
    const call = state.calls.get(agent.callId);

    if (call?.agentId !== agent.id) throw new Error(`agent ${agent.id} holds call ${agent.callId}, whose agent is ${call?.agentId}`);
    if ((agent.state === "on-call") !== (call.state === "connected")) throw new Error(`agent ${agent.id} is ${agent.state}, call ${call.id} is ${call.state}`);
  }
  for (const call of state.calls.values()) {
    if (call.state === "routing") throw new Error(`call ${call.id} was left between agents`);
    if ((call.state === "offered" || call.state === "connected") && holders.get(call.id) !== call.agentId) throw new Error(`call ${call.id} is ${call.state} without its agent`);
    if (call.state === "waiting" && call.agentId !== undefined) throw new Error(`waiting call ${call.id} has agent ${call.agentId}`);
  }
  for (const queue of state.queues.values()) {
    const inBuckets = [...queue.buckets.values()].reduce((sum, bucket) => sum + bucket.heap.size, 0);

    if (inBuckets !== queue.waiting) throw new Error(`queue ${queue.config.id} counts ${queue.waiting} waiting, its buckets hold ${inBuckets}`);
  }
  for (const agent of state.agents.values()) {
    if (agent.state !== "ready") continue;
    for (const skill of agent.skills.keys()) {
      if (!state.readyBySkill.get(skill)?.has(agent)) throw new Error(`ready agent ${agent.id} is missing from the index of ${skill}`);
      const servable = (state.bucketsBySkill.get(skill) ?? []).find((bucket) => bucket.heap.size > 0);

      if (servable) throw new Error(`agent ${agent.id} is ready while call ${servable.heap.peek()!.id} waits for ${skill}`);
    }
  }
}

function summary(state: AcdState): unknown {
  return {
    agents: [...state.agents.values()].map((agent) => [agent.id, agent.state, agent.reason, agent.callId, [...agent.skills]]),
    calls: [...state.calls.values()].map((call) => [call.id, call.state, call.agentId, call.queue.config.id]).sort(),
  };
}

// Performs the steps in order; a step the engine rejects with an AcdError (an agent not in the
// state for it) is skipped. `afterEach` runs after every step.
async function runSteps(chains: string[][], steps: Operation[], afterEach: (engine: AcdEngine) => void = () => undefined) {
  const built = newEngine(chains);
  const callCount = { value: 0 };

  for (const step of steps) {
    try {
      await perform(built.engine, built.clock, step, callCount);
    } catch (error) {
      if (!(error instanceof AcdError)) throw error;
    }
    afterEach(built.engine);
  }
  return built;
}

const strategyChains = fc.array(fc.shuffledSubarray([...STRATEGIES], { minLength: 1 }), { minLength: 3, maxLength: 3 });

describe("ACD properties", () => {
  test("random operations keep the invariants", async () => {
    await fc.assert(
      fc.asyncProperty(strategyChains, fc.array(operation, { maxLength: 120 }), async (chains, steps) => {
        const { events } = await runSteps(chains, steps, (engine) => checkInvariants(engine.state));
        const connections = events.filter((event) => event.type === "call.connected").map((event) => (event as { callId: string }).callId);

        expect(new Set(connections).size).toBe(connections.length);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  test("replaying the events rebuilds the state", async () => {
    await fc.assert(
      fc.asyncProperty(strategyChains, fc.array(operation, { maxLength: 120 }), async (chains, steps) => {
        const { engine, clock, events } = await runSteps(chains, steps);
        const rebuilt = new AcdEngine({ clock: new VirtualClock(clock.now()) });
        rebuilt.replay(events);

        expect(summary(rebuilt.state)).toEqual(summary(engine.state));
      }),
      { numRuns: 200, seed: 20261208 },
    );
  });
});
