import { createAcd, eventsOf } from "./support/acd-fixture.js";

const queue = { id: "q", skill: "billing", strategies: ["fcfs", "longest-idle"] };
const agents = ["a", "b", "c"].map((id) => ({ id, skills: { billing: 5 } }));

describe("ACD races", () => {
  test("two agents ready in one millisecond", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a");
    acd.engine.login("b");
    acd.engine.enqueue({ id: "only-call", queue: "q" });

    acd.engine.setReady("a");
    acd.engine.setReady("b");

    expect(acd.offers()).toEqual(["only-call→a"]);
    expect(acd.engine.state.agents.get("b")!.state).toBe("ready");
  });

  test("two agents, two calls, one each", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a");
    acd.engine.login("b");
    acd.engine.enqueue({ id: "c1", queue: "q" });
    acd.engine.enqueue({ id: "c2", queue: "q" });

    acd.engine.setReady("b");
    acd.engine.setReady("a");

    expect(acd.offers()).toEqual(["c1→b", "c2→a"]);
  });

  test("two calls for one agent", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a", { ready: true });

    const first = acd.engine.enqueue({ id: "c1", queue: "q" });
    const second = acd.engine.enqueue({ id: "c2", queue: "q" });

    expect(first).toEqual({ outcome: "offered", agentId: "a", queue: "q" });
    expect(second).toEqual({ outcome: "waiting", queue: "q" });
    expect(acd.engine.state.agents.get("a")!.callId).toBe("c1");
  });

  test("second call waits for the first to end", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a", { ready: true });
    acd.engine.enqueue({ id: "c1", queue: "q" });
    acd.engine.enqueue({ id: "c2", queue: "q" });

    acd.engine.accept("a", "c1");
    const offersWhileTalking = acd.offers();
    acd.engine.endCall("a");

    expect(offersWhileTalking).toEqual(["c1→a"]);
    expect(acd.offers()).toEqual(["c1→a", "c2→a"]);
  });

  test("logout while offered moves the call", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a", { ready: true });
    acd.engine.enqueue({ id: "c1", queue: "q" });
    acd.engine.login("b", { ready: true });

    acd.engine.logout("a");
    const lateAccept = () => acd.engine.accept("a", "c1");

    expect(acd.offers()).toEqual(["c1→a", "c1→b"]);
    expect(lateAccept).toThrow("no offer of call c1 to agent a is ringing");
    expect(eventsOf(acd.events, "call.requeued")).toEqual([expect.objectContaining({ callId: "c1", reason: "agent-logged-out" })]);
  });

  test("logout while offered, nobody else ready", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a", { ready: true });
    acd.engine.login("b");
    acd.engine.enqueue({ id: "c0", queue: "q" });
    acd.engine.enqueue({ id: "c1", queue: "q" });

    acd.engine.logout("a");
    acd.engine.setReady("b");

    expect(acd.offers()).toEqual(["c0→a", "c0→b"]);
  });

  test("caller hangs up while offered", () => {
    const acd = createAcd({ queues: [queue], agents });
    acd.engine.login("a", { ready: true });
    acd.engine.enqueue({ id: "c1", queue: "q" });
    acd.engine.enqueue({ id: "c2", queue: "q" });

    acd.engine.abandon("c1");
    const lateAccept = () => acd.engine.accept("a", "c1");

    expect(acd.offers()).toEqual(["c1→a", "c2→a"]);
    expect(lateAccept).toThrow("no offer of call c1 to agent a is ringing");
  });
});
