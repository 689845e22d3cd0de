import type { Strategy } from "../../src/acd/acd-types.js";
import { createAcd, readyInOrder } from "./support/acd-fixture.js";

function queue(id: string, strategies: Strategy[], extra: Record<string, unknown> = {}) {
  return { id, skill: "billing", strategies, ...extra };
}

function agent(id: string, level = 5, extra: Record<string, unknown> = {}) {
  return { id, skills: { billing: level }, ...extra };
}

describe("ACD strategies, agent for a call", () => {
  test("longest idle agent first", async () => {
    const acd = createAcd({ queues: [queue("q", ["longest-idle"])], agents: [agent("a"), agent("b"), agent("c")] });
    await readyInOrder(acd, ["b", "c", "a"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q" });

    expect(outcome).toEqual({ outcome: "offered", agentId: "b", queue: "q" });
  });

  test("skill level picks the highest", async () => {
    const acd = createAcd({ queues: [queue("q", ["skill-level", "longest-idle"])], agents: [agent("a", 3), agent("b", 9), agent("c", 6)] });
    await readyInOrder(acd, ["a", "b", "c"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q" });

    expect(outcome).toMatchObject({ agentId: "b" });
  });

  test("last agent within the window", async () => {
    const acd = createAcd({ queues: [queue("q", ["last-agent", "longest-idle"], { lastAgentWindowMs: 60_000 })], agents: [agent("a"), agent("b")] });
    await readyInOrder(acd, ["a", "b"]);
    acd.engine.enqueue({ id: "first", queue: "q", caller: "0912000001" });
    acd.engine.accept("a", "first");
    acd.engine.endCall("a");
    await acd.clock.advance(1000);

    const again = acd.engine.enqueue({ id: "second", queue: "q", caller: "0912000001" });

    expect(again).toMatchObject({ agentId: "a" });
  });

  test("last agent expires after the window", async () => {
    const acd = createAcd({ queues: [queue("q", ["last-agent", "longest-idle"], { lastAgentWindowMs: 60_000 })], agents: [agent("a"), agent("b")] });
    await readyInOrder(acd, ["a", "b"]);
    acd.engine.enqueue({ id: "first", queue: "q", caller: "0912000001" });
    acd.engine.accept("a", "first");
    acd.engine.endCall("a");
    await acd.clock.advance(61_000);

    const again = acd.engine.enqueue({ id: "second", queue: "q", caller: "0912000001" });

    expect(again).toMatchObject({ agentId: "b" });
  });

  test("customer agent table picks the dedicated agent", async () => {
    const acd = createAcd({ queues: [queue("q", ["customer-agent", "longest-idle"], { dedicatedAgents: { "0912000002": "c" } })], agents: [agent("a"), agent("b"), agent("c")] });
    await readyInOrder(acd, ["a", "b", "c"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q", caller: "0912000002" });

    expect(outcome).toMatchObject({ agentId: "c" });
  });

  test("dedicated agent takes its waiting customer first", async () => {
    const acd = createAcd({ queues: [queue("q", ["customer-agent", "fcfs"], { dedicatedAgents: { "0912000002": "c" } })], agents: [agent("c")] });
    acd.engine.login("c");
    acd.engine.enqueue({ id: "older", queue: "q", caller: "0912000009" });
    acd.engine.enqueue({ id: "dedicated", queue: "q", caller: "0912000002" });

    acd.engine.setReady("c");

    expect(acd.offers()).toEqual(["dedicated→c"]);
  });

  test("geographic prefers the caller's region", async () => {
    const acd = createAcd({
      queues: [queue("q", ["geographic", "longest-idle"])],
      agents: [agent("taipei", 5, { site: "TPE" }), agent("kaohsiung", 5, { site: "KHH" })],
    });
    await readyInOrder(acd, ["taipei", "kaohsiung"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q", region: "KHH" });

    expect(outcome).toMatchObject({ agentId: "kaohsiung" });
  });

  test("percentage splits calls between groups", async () => {
    const acd = createAcd({
      queues: [queue("q", ["percentage", "longest-idle"], { groupShares: [{ group: "inhouse", percent: 75 }, { group: "vendor", percent: 25 }] })],
      agents: [agent("in-1", 5, { groups: ["inhouse"] }), agent("vendor-1", 5, { groups: ["vendor"] })],
    });
    await readyInOrder(acd, ["in-1", "vendor-1"]);
    const served: Record<string, number> = { "in-1": 0, "vendor-1": 0 };

    for (let i = 0; i < 40; i++) {
      const outcome = acd.engine.enqueue({ id: `call-${i}`, queue: "q" });
      const agentId = (outcome as { agentId: string }).agentId;

      served[agentId]++;
      acd.engine.accept(agentId, `call-${i}`);
      acd.engine.endCall(agentId);
    }

    expect(served["in-1"]).toBe(30);
    expect(served["vendor-1"]).toBe(10);
  });

  test("routing flow's strategies replace the queue's", async () => {
    const acd = createAcd({ queues: [queue("q", ["longest-idle"])], agents: [agent("a", 2), agent("b", 8)] });
    await readyInOrder(acd, ["a", "b"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q", strategies: ["skill-level"] });

    expect(outcome).toMatchObject({ agentId: "b" });
  });
});

describe("ACD strategies, call for an agent", () => {
  test("first come first served", async () => {
    const acd = createAcd({ queues: [queue("q", ["fcfs"])], agents: [agent("a")] });
    acd.engine.login("a");
    for (const id of ["c1", "c2", "c3"]) {
      acd.engine.enqueue({ id, queue: "q", priority: id === "c3" ? 9 : 0 });
      await acd.clock.advance(10);
    }

    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["c1→a"]);
  });

  test("customer priority before arrival", async () => {
    const acd = createAcd({ queues: [queue("q", ["customer-priority", "fcfs"])], agents: [agent("a")] });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "c1", queue: "q", priority: 1 });
    acd.engine.enqueue({ id: "c2", queue: "q", priority: 5 });
    acd.engine.enqueue({ id: "c3", queue: "q", priority: 5 });

    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["c2→a"]);
  });

  test("customer priority from the VIP table", async () => {
    const acd = createAcd({ queues: [queue("q", ["customer-priority", "fcfs"], { vipNumbers: { "0912000777": 50 } })], agents: [agent("a")] });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "regular", queue: "q", caller: "0912000001" });
    acd.engine.enqueue({ id: "vip", queue: "q", caller: "0912000777" });

    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["vip→a"]);
  });

  test("customer priority from the lookup function", async () => {
    const { AcdEngine } = await import("../../src/acd/acd-engine.js");
    const { VirtualClock } = await import("@callflow/sdk");
    const engine = new AcdEngine({ clock: new VirtualClock(0), priorityLookup: (caller) => (caller.endsWith("8") ? 20 : undefined) });
    engine.configureQueue(queue("q", ["customer-priority", "fcfs"]));
    engine.configureAgent(agent("a"));
    engine.login("a");
    engine.enqueue({ id: "regular", queue: "q", caller: "0912000001" });
    engine.enqueue({ id: "looked-up", queue: "q", caller: "0912000008" });

    engine.setReady("a");

    expect(engine.state.agents.get("a")!.callId).toBe("looked-up");
  });

  test("service priority across queues", async () => {
    const acd = createAcd({
      queues: [queue("low", ["service-priority", "fcfs"], { servicePriority: 1 }), queue("high", ["service-priority", "fcfs"], { servicePriority: 9 })],
      agents: [agent("a")],
    });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "low-1", queue: "low" });
    acd.engine.enqueue({ id: "high-1", queue: "high" });

    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["high-1→a"]);
  });

  test("geographic picks the agent's region", async () => {
    const acd = createAcd({ queues: [queue("q", ["geographic", "fcfs"])], agents: [agent("a", 5, { site: "KHH" })] });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "north", queue: "q", region: "TPE" });
    acd.engine.enqueue({ id: "south", queue: "q", region: "KHH" });

    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["south→a"]);
  });
});

describe("ACD strategy order", () => {
  test("first strategy wins, next breaks ties", async () => {
    const acd = createAcd({
      queues: [queue("q", ["geographic", "skill-level", "longest-idle"])],
      agents: [agent("tpe-low", 2, { site: "TPE" }), agent("tpe-high", 7, { site: "TPE" }), agent("khh-top", 10, { site: "KHH" })],
    });
    await readyInOrder(acd, ["tpe-low", "tpe-high", "khh-top"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q", region: "TPE" });

    expect(outcome).toMatchObject({ agentId: "tpe-high" });
  });

  test("reversed order changes the choice", async () => {
    const acd = createAcd({
      queues: [queue("q", ["skill-level", "geographic", "longest-idle"])],
      agents: [agent("tpe-low", 2, { site: "TPE" }), agent("tpe-high", 7, { site: "TPE" }), agent("khh-top", 10, { site: "KHH" })],
    });
    await readyInOrder(acd, ["tpe-low", "tpe-high", "khh-top"]);

    const outcome = acd.engine.enqueue({ id: "call-1", queue: "q", region: "TPE" });

    expect(outcome).toMatchObject({ agentId: "khh-top" });
  });

  test("fcfs before priority ignores priority", async () => {
    const acd = createAcd({ queues: [queue("q", ["fcfs", "customer-priority"])], agents: [agent("a")] });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "c1", queue: "q", priority: 0 });
    acd.engine.enqueue({ id: "c2", queue: "q", priority: 9 });

    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["c1→a"]);
  });
});
