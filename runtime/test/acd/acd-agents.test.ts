import { AcdError } from "../../src/acd/acd-error.js";
import { viewAgent, viewQueue } from "../../src/acd/acd-snapshot.js";
import { createAcd, eventsOf, readyInOrder } from "./support/acd-fixture.js";

const billing = { id: "billing", skill: "billing", strategies: ["fcfs", "longest-idle"], ringTimeoutMs: 15_000, wrapUpMs: 30_000 };

describe("ACD ring no answer", () => {
  test("offer goes to the next ready agent", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }, { id: "b", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a", "b"]);
    acd.engine.enqueue({ id: "call-1", queue: "billing" });

    await acd.clock.advance(15_000);

    expect(acd.offers()).toEqual(["call-1→a", "call-1→b"]);
    expect(acd.engine.state.agents.get("a")).toMatchObject({ state: "not-ready", reason: "ring-no-answer" });
    expect(eventsOf(acd.events, "call.ring-no-answer")).toEqual([expect.objectContaining({ callId: "call-1", agentId: "a" })]);
  });

  test("call returns to the head of its queue", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }, { id: "b", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a"]);
    acd.engine.login("b");
    acd.engine.enqueue({ id: "first", queue: "billing" });
    acd.engine.enqueue({ id: "second", queue: "billing" });

    await acd.clock.advance(15_000);
    acd.engine.setReady("b");

    expect(eventsOf(acd.events, "call.requeued")).toEqual([expect.objectContaining({ callId: "first", reason: "ring-no-answer" })]);
    expect(acd.offers()).toEqual(["first→a", "first→b"]);
  });

  test("agent who let it ring may take it later", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a"]);
    acd.engine.enqueue({ id: "call-1", queue: "billing" });
    await acd.clock.advance(15_000);

    const stateAfterRinging = acd.engine.state.agents.get("a")!.state;
    acd.engine.setReady("a");

    expect(stateAfterRinging).toBe("not-ready");
    expect(acd.offers()).toEqual(["call-1→a", "call-1→a"]);
  });

  test("accepted offer stops the ring timer", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }, { id: "b", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a", "b"]);
    acd.engine.enqueue({ id: "call-1", queue: "billing" });

    acd.engine.accept("a", "call-1");
    await acd.clock.advance(60_000);

    expect(acd.offers()).toEqual(["call-1→a"]);
    expect(acd.engine.state.agents.get("a")!.state).toBe("on-call");
  });
});

describe("ACD overflow", () => {
  const target = { type: "voicemail", mailbox: "billing" } as const;

  test("max wait moves the call to another queue", async () => {
    const acd = createAcd({
      queues: [{ ...billing, overflow: { maxWait: { ms: 60_000, target: { type: "queue", queue: "backup" } } } }, { id: "backup", skill: "general" }],
      agents: [{ id: "a", skills: { general: 3 } }],
    });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "call-1", queue: "billing", data: { account: "12345" } });

    await acd.clock.advance(59_999);
    const before = acd.engine.state.calls.get("call-1")!.queue.config.id;
    await acd.clock.advance(1);
    acd.engine.setReady("a");

    expect(before).toBe("billing");
    expect(eventsOf(acd.events, "call.overflowed")).toEqual([expect.objectContaining({ callId: "call-1", reason: "max-wait" })]);
    expect(acd.offers()).toEqual(["call-1→a"]);
    expect(acd.engine.state.calls.get("call-1")!.data).toEqual({ account: "12345" });
  });

  test("max queue length overflows the next call", () => {
    const acd = createAcd({ queues: [{ ...billing, overflow: { maxQueueLength: { calls: 2, target } } }] });

    const outcomes = ["c1", "c2", "c3"].map((id) => acd.engine.enqueue({ id, queue: "billing" }).outcome);

    expect(outcomes).toEqual(["waiting", "waiting", "overflowed"]);
    expect(acd.engine.state.calls.has("c3")).toBe(false);
  });

  test("no agent logged in overflows at once", () => {
    const acd = createAcd({ queues: [{ ...billing, overflow: { noAgentLoggedIn: { target: { type: "flow", flow: "after-hours" } } } }], agents: [{ id: "a", skills: { billing: 5 } }] });

    const outcome = acd.engine.enqueue({ id: "c1", queue: "billing" });

    expect(outcome).toEqual({ outcome: "overflowed", reason: "no-agent-logged-in", target: { type: "flow", flow: "after-hours" } });
  });

  test("last logout overflows waiting calls", () => {
    const acd = createAcd({ queues: [{ ...billing, overflow: { noAgentLoggedIn: { target } } }], agents: [{ id: "a", skills: { billing: 5 } }] });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "c1", queue: "billing" });

    acd.engine.logout("a");

    expect(eventsOf(acd.events, "call.overflowed")).toEqual([expect.objectContaining({ callId: "c1", reason: "no-agent-logged-in", target })]);
  });

  test("no agent ready overflows", () => {
    const acd = createAcd({ queues: [{ ...billing, overflow: { noAgentReady: { target } } }], agents: [{ id: "a", skills: { billing: 5 } }] });
    acd.engine.login("a");

    const outcome = acd.engine.enqueue({ id: "c1", queue: "billing" });

    expect(outcome).toEqual({ outcome: "overflowed", reason: "no-agent-ready", target });
  });

  test("queues overflowing to each other stop", () => {
    const acd = createAcd({
      queues: [
        { id: "one", skill: "x", overflow: { noAgentReady: { target: { type: "queue", queue: "two" } } } },
        { id: "two", skill: "y", overflow: { noAgentReady: { target: { type: "queue", queue: "one" } } } },
      ],
    });

    const outcome = acd.engine.enqueue({ id: "c1", queue: "one" });

    expect(outcome).toEqual({ outcome: "waiting", queue: "two" });
  });
});

describe("ACD agents", () => {
  test("skill change mid-shift takes effect at once", async () => {
    const acd = createAcd({ queues: [billing, { id: "sales", skill: "sales" }], agents: [{ id: "a", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a"]);
    acd.engine.enqueue({ id: "sale-1", queue: "sales" });

    acd.engine.setSkill("a", "sales", 4);

    expect(acd.offers()).toEqual(["sale-1→a"]);
  });

  test("removed skill stops offers", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5, sales: 2 } }] });
    await readyInOrder(acd, ["a"]);

    acd.engine.setSkill("a", "billing", null);
    const outcome = acd.engine.enqueue({ id: "c1", queue: "billing" });

    expect(outcome.outcome).toBe("waiting");
  });

  test("temporary skill lapses at next login", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { general: 5 } }] });
    acd.engine.login("a");
    acd.engine.setSkill("a", "billing", 7, { temporary: true, changedBy: "supervisor-1" });
    const during = acd.engine.state.agents.get("a")!.skills.get("billing");

    acd.engine.logout("a");
    acd.engine.login("a");

    expect(during).toBe(7);
    expect(acd.engine.state.agents.get("a")!.skills.has("billing")).toBe(false);
    expect(acd.engine.state.agents.get("a")!.skills.get("general")).toBe(5);
  });

  test("break over the group's limit rejected", () => {
    const acd = createAcd({
      groups: [{ id: "team-1", maxOnBreak: 1 }],
      agents: ["a", "b"].map((id) => ({ id, skills: { billing: 5 }, groups: ["team-1"] })),
    });
    acd.engine.login("a", { ready: true });
    acd.engine.login("b", { ready: true });

    const first = acd.engine.setNotReady("a", "break");
    const second = acd.engine.setNotReady("b", "lunch");

    expect(first).toBe(true);
    expect(second).toBe(false);
    expect(acd.engine.state.agents.get("b")!.state).toBe("ready");
    expect(eventsOf(acd.events, "agent.break-rejected")).toEqual([expect.objectContaining({ agentId: "b", group: "team-1", onBreak: 1 })]);
  });

  test("break granted after another returns", () => {
    const acd = createAcd({ groups: [{ id: "team-1", maxOnBreak: 1 }], agents: ["a", "b"].map((id) => ({ id, skills: { billing: 5 }, groups: ["team-1"] })) });
    acd.engine.login("a", { ready: true });
    acd.engine.login("b", { ready: true });
    acd.engine.setNotReady("a", "break");

    acd.engine.setReady("a");
    const granted = acd.engine.setNotReady("b", "break");

    expect(granted).toBe(true);
  });

  test("wrap-up lasts the queue's duration", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a"]);
    acd.engine.enqueue({ id: "c1", queue: "billing" });
    acd.engine.accept("a", "c1");
    acd.engine.endCall("a");
    acd.engine.enqueue({ id: "c2", queue: "billing" });

    await acd.clock.advance(29_999);
    const during = acd.engine.state.agents.get("a")!.state;
    await acd.clock.advance(1);

    expect(during).toBe("wrap-up");
    expect(acd.offers()).toEqual(["c1→a", "c2→a"]);
  });

  test("supervisor forces not ready and logout", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a"]);

    acd.engine.setNotReady("a", "coaching", "supervisor-1");
    const forced = { ...acd.engine.state.agents.get("a")! };
    acd.engine.logout("a", "supervisor-1");

    expect(forced).toMatchObject({ state: "not-ready", reason: "coaching", forcedBy: "supervisor-1" });
    expect(eventsOf(acd.events, "agent.state").at(-1)).toMatchObject({ state: "logged-out", forcedBy: "supervisor-1" });
  });

  test("time in state starts at each change", async () => {
    const acd = createAcd({ agents: [{ id: "a", skills: { billing: 5 } }] });
    acd.engine.login("a");
    await acd.clock.advance(5000);

    acd.engine.setReady("a");
    await acd.clock.advance(2000);

    expect(acd.clock.now() - acd.engine.state.agents.get("a")!.stateSince).toBe(2000);
  });

  test("logout on a call rejected", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    await readyInOrder(acd, ["a"]);
    acd.engine.enqueue({ id: "c1", queue: "billing" });
    acd.engine.accept("a", "c1");

    const logout = () => acd.engine.logout("a");

    expect(logout).toThrow(AcdError);
    expect(logout).toThrow("agent a is on a call; end the call before logging out");
  });

  test("invalid queue config names the field", () => {
    const acd = createAcd();

    const configure = () => acd.engine.configureQueue({ id: "q", skill: "x", strategies: ["fcfs", "fcfs"] });

    expect(configure).toThrow("invalid queue: strategies lists a strategy twice; name each strategy once");
  });
});

describe("ACD queue view", () => {
  test("service level and abandon rate", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    acd.engine.login("a");
    acd.engine.enqueue({ id: "quick", queue: "billing" });
    acd.engine.enqueue({ id: "slow", queue: "billing" });
    acd.engine.enqueue({ id: "gave-up", queue: "billing" });
    await acd.clock.advance(10_000);
    acd.engine.setReady("a");
    acd.engine.accept("a", "quick");
    acd.engine.abandon("gave-up");
    acd.engine.endCall("a");
    await acd.clock.advance(50_000);
    acd.engine.setReady("a");
    acd.engine.accept("a", "slow");

    const view = viewQueue(acd.engine, "billing", { answeredWithinMs: 20_000, windowMs: 300_000 });

    expect(view.serviceLevel).toBeCloseTo(1 / 3);
    expect(view.abandonRate).toBeCloseTo(1 / 3);
  });

  test("old calls leave the window", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    acd.engine.login("a", { ready: true });
    acd.engine.enqueue({ id: "early", queue: "billing" });
    acd.engine.accept("a", "early");
    await acd.clock.advance(301_000);

    const view = viewQueue(acd.engine, "billing", { windowMs: 300_000 });

    expect(view.serviceLevel).toBeNull();
  });
});

describe("ACD agent day counters", () => {
  test("count calls and time per state", async () => {
    const acd = createAcd({ queues: [billing], agents: [{ id: "a", skills: { billing: 5 } }] });
    acd.engine.login("a");
    await acd.clock.advance(60_000);
    acd.engine.setReady("a");
    await acd.clock.advance(30_000);
    acd.engine.enqueue({ id: "c1", queue: "billing" });
    acd.engine.accept("a", "c1");
    await acd.clock.advance(120_000);
    acd.engine.endCall("a");
    await acd.clock.advance(10_000);

    const view = viewAgent(acd.engine, "a")!;

    expect(view.today).toEqual({ date: "2026-12-07", callsAnswered: 1, callsMade: 0, talkMs: 120_000, readyMs: 30_000, notReadyMs: 60_000, wrapUpMs: 10_000 });
  });

  test("start again on a new local day", async () => {
    const { AcdEngine } = await import("../../src/acd/acd-engine.js");
    const { VirtualClock } = await import("@callflow/sdk");
    // 15:58 UTC is 23:58 in Taipei, two minutes before the local midnight.
    const clock = new VirtualClock(Date.parse("2026-12-07T15:58:00Z"));
    const engine = new AcdEngine({ clock, timeZone: "Asia/Taipei" });
    engine.configureQueue(billing);
    engine.configureAgent({ id: "a", skills: { billing: 5 } });
    engine.login("a", { ready: true });
    engine.enqueue({ id: "late", queue: "billing" });
    engine.accept("a", "late");
    engine.endCall("a");
    await clock.advance(30_000);
    const beforeMidnight = { ...viewAgent(engine, "a")!.today };
    await clock.advance(150_000);

    engine.setNotReady("a", "training");
    const afterMidnight = viewAgent(engine, "a")!.today;

    expect(beforeMidnight).toMatchObject({ date: "2026-12-07", callsAnswered: 1 });
    expect(afterMidnight).toMatchObject({ date: "2026-12-08", callsAnswered: 0 });
  });
});
