import { extensions } from "../../src/ari/test-server/index.js";
import type { AriClientKind } from "../../src/ari/adapter/ari-transport.js";
import { AGENT, AGENT_PHONE, agentBridge, startBench, waitFor, type Bench } from "./support/ari-acd-bench.js";

jest.setTimeout(30_000);

describe.each<AriClientKind>(["thin", "ari-client"])("agent phone over ARI (%s)", (client) => {
  let bench: Bench | undefined;

  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });

  test("bridges caller and agent until the agent hangs up", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 300, hangupAfterMs: 1500 }));
    const call = bench.call();

    const bridge = await waitFor("the agent's bridge", () => agentBridge(bench!.server));
    const dialed = bench.server.control.requests().filter((request) => request.method === "POST" && JSON.stringify([request.query, request.body]).includes(AGENT_PHONE));
    const result = await call.finished;
    const types = bench.events.map((event) => event.type);

    expect(bridge.bridge_type).toBe("mixing");
    expect(dialed.length).toBeGreaterThan(0);
    expect(result.variables.acdAgent).toBe(AGENT);
    expect(types).toEqual(expect.arrayContaining(["call.offered", "call.connected", "call.ended"]));
    expect(bench.engine.state.agents.get(AGENT)!.state).toBe("wrap-up");
    expect(bench.server.control.bridges()).toHaveLength(0);
  });

  test("caller hang-up ends the agent's leg", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 300 }));
    const call = bench.call();

    await waitFor("the agent's bridge", () => agentBridge(bench!.server));
    call.hangUp();
    const result = await call.finished;
    const channelsLeft = await waitFor("every channel to hang up", () => (bench!.server.control.channels().length === 0 ? 0 : undefined));

    expect(result.reason).toBe("hangup");
    expect(channelsLeft).toBe(0);
    expect(bench.events.map((event) => event.type)).toContain("call.ended");
    expect(bench.engine.state.agents.get(AGENT)!.state).toBe("wrap-up");
  });

  test("unanswered phone takes the ring-no-answer path", async () => {
    bench = await startBench(client, extensions.noAnswer());
    const call = bench.call();

    const requeued = await waitFor("the call back in its queue", () => bench!.events.find((event) => event.type === "call.requeued"));
    const agent = bench.engine.state.agents.get(AGENT)!;
    const noAnswer = bench.events.find((event) => event.type === "call.ring-no-answer");

    expect(requeued).toMatchObject({ reason: "ring-no-answer" });
    expect(noAnswer).toMatchObject({ agentId: AGENT });
    expect(agent.state).toBe("not-ready");
    expect(agent.reason).toBe("ring-no-answer");
    expect(bench.engine.state.calls.get(requeued.type === "call.requeued" ? requeued.callId : "")?.state).toBe("waiting");
    call.hangUp();
    expect((await call.finished).reason).toBe("hangup");
  });
});
