import { compileFlow, MemoryTraceSink, parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";
import { createNodeRegistry } from "@callflow/nodes";

import { Session } from "../../src/session/session.js";

const flow = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Stop" },
  languages: ["en"],
  entry: "menu",
  nodes: [
    { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }], firstKeyTimeoutMs: 60_000 } },
    { id: "one", type: "util.log", config: { message: "one" } },
    { id: "oops", type: "util.log", config: { message: "error path" } },
  ],
  edges: [
    { from: "menu", port: "one", to: "one" },
    { from: "menu", port: "error", to: "oops" },
  ],
};

async function startCall(): Promise<{ clock: VirtualClock; channel: SimulatedChannel; session: Session; sink: MemoryTraceSink; done: Promise<unknown> }> {
  const compiled = compileFlow(flow, { registry: createNodeRegistry() });

  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join("\n"));
  const clock = new VirtualClock(0);
  const channel = new SimulatedChannel({ clock, script: parseCallerScript("") });
  const sink = new MemoryTraceSink();
  const session = new Session({ plan: compiled.plan, channel, clock, sink });
  const done = session.run();

  return { clock, channel, session, sink, done };
}

describe("Session.stop", () => {
  it("interrupts a waiting menu, apologizes and hangs up", async () => {
    const { clock, channel, session, done } = await startCall();

    await clock.advance(5000);
    session.stop();
    await clock.runUntilIdle();
    const result = (await done) as { reason: string };

    expect(result.reason).toBe("aborted");
    expect(channel.hungUpBy).toBe("flow");
    expect(channel.played.at(-1)?.text).toContain("We are sorry");
  });

  it("does not take the node's error port", async () => {
    const { clock, session, sink, done } = await startCall();

    await clock.advance(5000);
    session.stop();
    await clock.runUntilIdle();
    await done;

    expect(sink.events.some((e) => e.type === "node.entered" && e.nodeId === "oops")).toBe(false);
  });

  it("leaves no timers behind", async () => {
    const { clock, session, done } = await startCall();

    await clock.advance(1000);
    session.stop();
    await clock.runUntilIdle();
    await done;

    expect(clock.pendingTimers).toBe(0);
  });
});
