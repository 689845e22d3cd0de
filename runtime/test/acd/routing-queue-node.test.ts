import { ACD_SERVICE, routingQueueNode, routingQueueStatusNode, type AcdService } from "@callflow/nodes";
import { defineNode, runNode, type Clock, type NodeDefinition, type RunNodeOptions } from "@callflow/sdk";

import { AcdEngine } from "../../src/acd/acd-engine.js";
import type { AcdEvent } from "../../src/acd/acd-events.js";
import { AcdNodeService } from "../../src/acd/acd-node-service.js";

interface Harnessed {
  engine?: AcdEngine;
  events: AcdEvent[];
}

const support = { id: "support", skill: "support", strategies: ["fcfs", "longest-idle"] };

// Runs a node with a real ACD engine on the harness's own clock, set up by `arrange` before the node runs.
async function runWithAcd(
  node: NodeDefinition<any, any>,
  config: unknown,
  arrange: (engine: AcdEngine, clock: Clock) => void,
  options: RunNodeOptions = {},
): Promise<Harnessed & Awaited<ReturnType<typeof runNode>>> {
  const harnessed: Harnessed = { events: [] };
  const wrapped = defineNode(node.spec, (ctx, prepared) => {
    const engine = new AcdEngine({ clock: ctx.clock });
    const service: AcdService = new AcdNodeService(engine);

    harnessed.engine = engine;
    engine.onEvent((event) => harnessed.events.push(event));
    engine.configureQueue(support);
    engine.configureAgent({ id: "agent-1", skills: { support: 5 } });
    arrange(engine, ctx.clock);
    return node.run({ ...ctx, services: { get: (key) => (key.name === ACD_SERVICE.name ? (service as never) : undefined) } }, prepared);
  });
  const result = await runNode(wrapped, config, options);

  return { ...harnessed, ...result };
}

// The agent logs in now, becomes ready after `readyAfterMs` and accepts every offer at once.
function agentReadyAfter(readyAfterMs: number) {
  return (engine: AcdEngine, clock: Clock) => {
    engine.login("agent-1");
    engine.onEvent((event) => {
      if (event.type === "call.offered") queueMicrotask(() => engine.accept(event.agentId, event.callId));
    });
    clock.setTimer(readyAfterMs, () => engine.setReady("agent-1"));
  };
}

const inQueue = {
  data: ["accountNo"],
  musicOnHold: { tts: { en: "music" } },
  announcement: { tts: { en: "You are caller number {{queuePosition}}" } },
  announceEverySeconds: 30,
};

describe("routing.queue", () => {
  test("answered when an agent accepts", async () => {
    const result = await runWithAcd(routingQueueNode, { ...inQueue, queue: "support" }, agentReadyAfter(45_000), { variables: { accountNo: "12345" } });

    expect(result.port).toBe("answered");
    expect(result.variables.acdAgent).toBe("agent-1");
    expect(result.events.find((event) => event.type === "call.queued")).toMatchObject({ data: { accountNo: "12345" } });
    expect(result.prompts.filter((text) => text === "You are caller number 1")).toHaveLength(2);
    expect(result.prompts).toContain("music");
  });

  test("bridges the agent's phone until it hangs up", async () => {
    const arrange = (engine: AcdEngine, clock: Clock) => {
      engine.configureQueue({ ...support, wrapUpMs: 30_000 });
      engine.configureAgent({ id: "agent-1", skills: { support: 5 }, endpoint: "PJSIP/1001" });
      agentReadyAfter(1000)(engine, clock);
    };
    const channel = { endpoints: { "PJSIP/1001": { outcome: "answer" as const, ringMs: 2000, talkMs: 60_000 } } };

    const result = await runWithAcd(routingQueueNode, { queue: "support" }, arrange, { channel });

    expect(result.port).toBe("answered");
    expect(result.channel.dials).toEqual([expect.objectContaining({ endpoint: "PJSIP/1001", timeoutSeconds: 20, outcome: "answered" })]);
    expect(result.events.map((event) => event.type)).toContain("call.ended");
    expect(result.events.filter((event) => event.type === "agent.state").map((event) => event.type === "agent.state" && event.state)).toContain("wrap-up");
  });

  test("unanswered phone offers the call again", async () => {
    const arrange = (engine: AcdEngine, clock: Clock) => {
      engine.configureAgent({ id: "agent-1", skills: { support: 5 }, endpoint: "PJSIP/1001" });
      engine.configureAgent({ id: "agent-2", skills: { support: 5 }, endpoint: "PJSIP/1002" });
      engine.login("agent-2", { ready: true });
      agentReadyAfter(1000)(engine, clock);
      engine.logout("agent-2");
      clock.setTimer(2000, () => engine.login("agent-2", { ready: true }));
    };
    const channel = { endpoints: { "PJSIP/1001": { outcome: "noAnswer" as const }, "PJSIP/1002": { outcome: "answer" as const, talkMs: 10_000 } } };

    const result = await runWithAcd(routingQueueNode, { queue: "support" }, arrange, { channel });

    expect(result.port).toBe("answered");
    expect(result.variables.acdAgent).toBe("agent-2");
    expect(result.channel.dials.map((dial) => `${dial.endpoint} ${dial.outcome}`)).toEqual(["PJSIP/1001 noAnswer", "PJSIP/1002 answered"]);
    expect(result.engine!.state.agents.get("agent-1")!.reason).toBe("ring-no-answer");
  });

  test("queue from the routing flow's variables", async () => {
    const result = await runWithAcd(routingQueueNode, {}, agentReadyAfter(1000), { variables: { acdQueue: "support", acdPriority: 7, acdStrategies: ["skill-level"] } });

    expect(result.port).toBe("answered");
    expect(result.events.find((event) => event.type === "call.queued")).toMatchObject({ queue: "support", priority: 7, strategies: ["skill-level"] });
  });

  test("overflow when no agent is logged in", async () => {
    const arrange = (engine: AcdEngine) => engine.configureQueue({ ...support, overflow: { noAgentLoggedIn: { target: { type: "voicemail", mailbox: "support" } } } });

    const result = await runWithAcd(routingQueueNode, { queue: "support" }, arrange);

    expect(result.port).toBe("overflow");
    expect(result.variables.acdOverflowTarget).toEqual({ type: "voicemail", mailbox: "support" });
  });

  test("overflow after the maximum wait", async () => {
    const arrange = (engine: AcdEngine) => {
      engine.configureQueue({ ...support, overflow: { maxWait: { ms: 120_000, target: { type: "flow", flow: "after-hours" } } } });
      engine.login("agent-1");
    };

    const result = await runWithAcd(routingQueueNode, { ...inQueue, queue: "support" }, arrange);

    expect(result.port).toBe("overflow");
    expect(result.variables.acdOverflowTarget).toEqual({ type: "flow", flow: "after-hours" });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(120_000);
  });

  test("caller leaves a callback number", async () => {
    const arrange = (engine: AcdEngine) => engine.login("agent-1");

    const result = await runWithAcd(routingQueueNode, { ...inQueue, queue: "support", callbackKey: "1" }, arrange, { input: "1@5s,0@6s,9@7s,1@8s,2@9s,#@10s" });

    expect(result.port).toBe("callback");
    expect(result.variables.callbackNumber).toBe("0912");
    expect(result.engine!.state.calls.size).toBe(0);
  });

  test("leave key abandons the queue", async () => {
    const arrange = (engine: AcdEngine) => engine.login("agent-1");

    const result = await runWithAcd(routingQueueNode, { ...inQueue, queue: "support", leaveKey: "*" }, arrange, { input: "*@20s" });

    expect(result.port).toBe("abandoned");
    expect(result.events.at(-1)).toMatchObject({ type: "call.abandoned" });
  });

  test("hang-up takes the call out", async () => {
    const arrange = (engine: AcdEngine) => engine.login("agent-1");

    const result = await runWithAcd(routingQueueNode, { ...inQueue, queue: "support" }, arrange, { input: "hangup@40s" });

    expect(result.port).toBe("hangup");
    expect(result.engine!.state.calls.size).toBe(0);
  });

  test("unknown queue leaves by error", async () => {
    const result = await runWithAcd(routingQueueNode, { queue: "nowhere" }, () => undefined);

    expect(result.port).toBe("error");
    expect(String(result.error)).toContain("queue nowhere is not configured");
  });

  test("without the ACD service fails clearly", async () => {
    const result = await runNode(routingQueueNode, { queue: "support" });

    expect(result.port).toBe("error");
    expect(String(result.error)).toContain("routing.queue needs the ACD service");
  });
});

describe("routing.queueStatus", () => {
  const crowded = (engine: AcdEngine) => {
    engine.login("agent-1");
    for (const id of ["w1", "w2", "w3"]) engine.enqueue({ id, queue: "support" });
  };

  test("busy above the waiting limit", async () => {
    const result = await runWithAcd(routingQueueStatusNode, { queue: "support", maxWaiting: 2 }, crowded, { kind: "routing" });

    expect(result.port).toBe("busy");
    expect(result.variables.queueStatus).toMatchObject({ queue: "support", waiting: 3, agentsReady: 0, agentsLoggedIn: 1 });
  });

  test("within limits takes next", async () => {
    const result = await runWithAcd(routingQueueStatusNode, { queue: "support", maxWaiting: 5 }, crowded, { kind: "routing" });

    expect(result.port).toBe("next");
  });
});
