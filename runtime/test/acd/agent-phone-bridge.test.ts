import { ACD_SERVICE } from "@callflow/nodes";
import { MemoryTraceSink, realClock } from "@callflow/sdk";

import { AcdEngine } from "../../src/acd/acd-engine.js";
import type { AcdEvent } from "../../src/acd/acd-events.js";
import { AcdNodeService } from "../../src/acd/acd-node-service.js";
import type { AriChannel } from "../../src/ari/adapter/ari-channel.js";
import { AriConnection } from "../../src/ari/adapter/ari-connection.js";
import type { AriClientKind } from "../../src/ari/adapter/ari-transport.js";
import { AriTestServer, extensions, type DialplanStep } from "../../src/ari/test-server/index.js";
import { ServiceTable } from "../../src/connectors/node-services.js";
import { Session, type SessionResult } from "../../src/session/session.js";
import { compileCardsHotline } from "./support/cards-hotline.js";

jest.setTimeout(30_000);

const APP = "acd-bridge";
const AGENT = "agent-wei";
const AGENT_PHONE = "Local/1001@agents";

// Waits until `check` returns a value other than undefined, trying every 20 ms.
async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = check();

    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Bench {
  server: AriTestServer;
  engine: AcdEngine;
  events: AcdEvent[];
  /** Starts an inbound call that keys a card number; resolves with the call and its session's end. */
  call(): { hangUp(): void; finished: Promise<SessionResult> };
  close(): Promise<void>;
}

// The ARI adapter on `client` against the ARI test server, with one agent whose phone behaves as `phone`.
async function startBench(client: AriClientKind, phone: DialplanStep[]): Promise<Bench> {
  const server = await AriTestServer.start({ users: [{ username: "callflow", password: "bridge-secret" }], timings: { defaultSoundMs: 200 } });
  const engine = new AcdEngine({ clock: realClock });
  const events: AcdEvent[] = [];
  const services = new ServiceTable().add(ACD_SERVICE, new AcdNodeService(engine));
  const plan = compileCardsHotline();
  const sessions: Array<(result: SessionResult) => void> = [];
  const connection = new AriConnection({
    server: { name: "test", url: server.url, username: "callflow", password: "bridge-secret", app: APP },
    client,
    resolveMedia: async (media) => `sound:callflow-tts/${Buffer.from(media.text ?? "").toString("hex").slice(0, 32)}`,
    onCall: (channel: AriChannel) => {
      const done = sessions.shift()!;

      void new Session({ plan, channel, clock: realClock, sink: new MemoryTraceSink(), services }).run().then(done);
    },
  });

  engine.onEvent((event) => events.push(event));
  // The agent accepts each offer in the console at once.
  engine.onEvent((event) => {
    if (event.type === "call.offered") setImmediate(() => engine.accept(event.agentId, event.callId));
  });
  engine.configureQueue({ id: "cards", skill: "cards", ringTimeoutMs: 2000, wrapUpMs: 60_000 });
  engine.configureAgent({ id: AGENT, skills: { cards: 5 }, endpoint: AGENT_PHONE });
  engine.login(AGENT, { ready: true });
  server.control.setExtension("agents", "1001", phone);
  await connection.start();

  return {
    server,
    engine,
    events,
    call() {
      const finished = new Promise<SessionResult>((resolve) => sessions.push(resolve));
      // The scripted hang-up at 20 s ends the call if it is never bridged, so a failure cannot leave it queued.
      const inbound = server.control.startInboundCall({ app: APP, callerNumber: "0912345678", script: [{ atMs: 1500, dtmf: "4012#", durationMs: 100, gapMs: 100 }, { atMs: 20_000, hangup: true }] });

      return { hangUp: () => inbound.hangUp(), finished };
    },
    async close() {
      engine.stop();
      connection.stop();
      await server.close();
    },
  };
}

// The bridge with two channels that the adapter made for the agent's leg, once it exists.
function agentBridge(server: AriTestServer): { id: string; bridge_type: string; channels: string[] } | undefined {
  const bridges = server.control.bridges() as Array<{ id: string; bridge_type: string; channels: string[] }>;

  return bridges.find((bridge) => bridge.channels.length === 2);
}

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
