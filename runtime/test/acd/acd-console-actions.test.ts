import { AcdError } from "../../src/acd/acd-error.js";
import { viewAgent } from "../../src/acd/acd-snapshot.js";
import { createAcd, eventsOf, readyInOrder, type AcdFixture } from "./support/acd-fixture.js";

const cards = { id: "cards", skill: "cards", wrapUpMs: 30_000 };
const loans = { id: "loans", skill: "loans", wrapUpMs: 10_000 };

// Agent a has call-1 connected after 60 s of talk; b (cards) and c (loans) are logged in, not ready.
async function connectedCall(): Promise<AcdFixture> {
  const acd = createAcd({
    queues: [cards, loans],
    agents: [
      { id: "a", skills: { cards: 5 }, endpoint: "PJSIP/1001" },
      { id: "b", skills: { cards: 5 }, endpoint: "PJSIP/1002" },
      { id: "c", skills: { loans: 5 }, endpoint: "PJSIP/1003" },
    ],
  });

  await readyInOrder(acd, ["a"]);
  acd.engine.login("b");
  acd.engine.login("c");
  acd.engine.enqueue({ id: "call-1", queue: "cards", caller: "0912345678", data: { cardNo: "4012" } });
  acd.engine.accept("a", "call-1");
  await acd.clock.advance(60_000);
  return acd;
}

function errorOf(action: () => void): AcdError {
  try {
    action();
  } catch (error) {
    if (error instanceof AcdError) return error;
    throw error;
  }
  throw new Error("the action did not fail");
}

describe("ACD hold and resume", () => {
  test("hold marks the call held", async () => {
    const acd = await connectedCall();

    acd.engine.holdCall("a");

    expect(eventsOf(acd.events, "call.held")).toEqual([expect.objectContaining({ callId: "call-1", agentId: "a" })]);
    expect(viewAgent(acd.engine, "a")!.call).toMatchObject({ id: "call-1", held: true });
    expect(acd.engine.state.agents.get("a")!.state).toBe("on-call");
  });

  test("resume takes the call off hold", async () => {
    const acd = await connectedCall();
    acd.engine.holdCall("a");

    acd.engine.resumeCall("a");

    expect(eventsOf(acd.events, "call.resumed")).toHaveLength(1);
    expect(viewAgent(acd.engine, "a")!.call!.held).toBe(false);
  });

  test("second hold is rejected", async () => {
    const acd = await connectedCall();
    acd.engine.holdCall("a");

    const error = errorOf(() => acd.engine.holdCall("a"));

    expect(error.code).toBe("invalid-state");
    expect(error.message).toContain("already on hold");
  });

  test("hold without a call is rejected", async () => {
    const acd = await connectedCall();

    const error = errorOf(() => acd.engine.holdCall("b"));

    expect(error.code).toBe("invalid-state");
    expect(error.message).toBe("agent b cannot hold a call while not-ready");
  });

  test("agent without a phone cannot hold", async () => {
    const acd = createAcd({ queues: [cards], agents: [{ id: "a", skills: { cards: 5 } }] });
    await readyInOrder(acd, ["a"]);
    acd.engine.enqueue({ id: "call-1", queue: "cards" });
    acd.engine.accept("a", "call-1");

    const error = errorOf(() => acd.engine.holdCall("a"));

    expect(error.message).toContain("has no phone endpoint");
  });
});

describe("ACD transfer", () => {
  test("to an agent offers the call to that agent", async () => {
    const acd = await connectedCall();
    acd.engine.setReady("b");

    acd.engine.transfer("a", { type: "agent", agentId: "b" });

    expect(acd.offers()).toEqual(["call-1→a", "call-1→b"]);
    expect(acd.engine.state.agents.get("a")!.state).toBe("wrap-up");
    expect(acd.engine.state.agents.get("b")!.state).toBe("reserved");
    expect(viewAgent(acd.engine, "b")!.call).toMatchObject({ id: "call-1", data: { cardNo: "4012" }, held: false });
  });

  test("to an agent who is not ready is rejected", async () => {
    const acd = await connectedCall();

    const error = errorOf(() => acd.engine.transfer("a", { type: "agent", agentId: "b" }));

    expect(error.message).toBe("agent b is not-ready, not ready; transfer to a ready agent or to a queue");
    expect(acd.engine.state.agents.get("a")!.state).toBe("on-call");
    expect(eventsOf(acd.events, "call.transferred")).toEqual([]);
  });

  test("to an unknown agent is rejected", async () => {
    const acd = await connectedCall();

    const error = errorOf(() => acd.engine.transfer("a", { type: "agent", agentId: "someone-else" }));

    expect(error.code).toBe("agent-not-found");
  });

  test("to itself is rejected", async () => {
    const acd = await connectedCall();

    const error = errorOf(() => acd.engine.transfer("a", { type: "agent", agentId: "a" }));

    expect(error.message).toContain("cannot transfer a call to itself");
  });

  test("to a queue joins it with the data packet", async () => {
    const acd = await connectedCall();

    acd.engine.transfer("a", { type: "queue", queue: "loans" });
    acd.engine.setReady("c");

    const queued = eventsOf(acd.events, "call.queued");
    expect(queued.map((event) => event.queue)).toEqual(["cards", "loans"]);
    expect(queued[1]).toMatchObject({ skill: "loans", data: { cardNo: "4012" }, caller: "0912345678" });
    expect(acd.offers()).toEqual(["call-1→a", "call-1→c"]);
  });

  test("to an unknown queue is rejected", async () => {
    const acd = await connectedCall();

    const error = errorOf(() => acd.engine.transfer("a", { type: "queue", queue: "mortgages" }));

    expect(error.code).toBe("queue-not-found");
    expect(acd.engine.state.calls.get("call-1")!.state).toBe("connected");
  });

  test("to a flow leaves the ACD", async () => {
    const acd = await connectedCall();

    acd.engine.transfer("a", { type: "flow", flow: "survey" });

    expect(acd.engine.state.calls.has("call-1")).toBe(false);
    expect(eventsOf(acd.events, "call.transferred")).toEqual([expect.objectContaining({ callId: "call-1", agentId: "a", target: { type: "flow", flow: "survey" } })]);
    expect(acd.engine.state.agents.get("a")!.state).toBe("wrap-up");
  });

  test("wrap-up of a transfer uses the queue's time", async () => {
    const acd = await connectedCall();
    acd.engine.transfer("a", { type: "flow", flow: "survey" });

    await acd.clock.advance(30_000);

    expect(acd.engine.state.agents.get("a")!.state).toBe("ready");
  });
});

describe("ACD agent day counters", () => {
  test("external transfer counts a call made", async () => {
    const acd = await connectedCall();

    acd.engine.transfer("a", { type: "external", number: "0223456789" });
    await acd.clock.advance(5000);
    const today = viewAgent(acd.engine, "a")!.today;

    expect(today.callsMade).toBe(1);
    expect(today.callsAnswered).toBe(1);
    expect(today.talkMs).toBe(60_000);
    expect(today.wrapUpMs).toBe(5000);
    expect(acd.engine.state.calls.has("call-1")).toBe(false);
  });

  test("transfer to a queue counts no call made", async () => {
    const acd = await connectedCall();

    acd.engine.transfer("a", { type: "queue", queue: "loans" });

    expect(viewAgent(acd.engine, "a")!.today.callsMade).toBe(0);
  });

  test("replay rebuilds calls made", async () => {
    const acd = await connectedCall();
    acd.engine.transfer("a", { type: "external", number: "0223456789" });
    const rebuilt = createAcd();

    rebuilt.engine.replay(acd.events);

    expect(rebuilt.engine.state.agents.get("a")!.today.callsMade).toBe(1);
    expect(rebuilt.engine.state.calls.has("call-1")).toBe(false);
  });
});
