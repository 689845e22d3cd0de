import { ACD_SERVICE, TRANSFER_FLOWS, type TransferFlows } from "@callflow/nodes";
import { MemoryTraceSink, realClock } from "@callflow/sdk";

import { AcdEngine } from "../../../src/acd/acd-engine.js";
import type { AcdEvent } from "../../../src/acd/acd-events.js";
import { AcdNodeService } from "../../../src/acd/acd-node-service.js";
import type { AriChannel } from "../../../src/ari/adapter/ari-channel.js";
import { AriConnection } from "../../../src/ari/adapter/ari-connection.js";
import type { AriClientKind } from "../../../src/ari/adapter/ari-transport.js";
import { AriTestServer, extensions, type DialplanStep } from "../../../src/ari/test-server/index.js";
import { ServiceTable } from "../../../src/connectors/node-services.js";
import { Session, type SessionResult } from "../../../src/session/session.js";
import { compileCardsHotline } from "./cards-hotline.js";

const APP = "acd-bridge";
export const AGENT = "agent-wei";
export const AGENT_PHONE = "Local/1001@agents";
/** A second agent with the cards skill, logged out, whose phone answers and stays up. */
export const SECOND_AGENT = "agent-lin";
export const SECOND_AGENT_PHONE = "Local/1002@agents";

// Waits until `check` returns a value other than undefined, trying every 20 ms.
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = check();

    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Bench {
  server: AriTestServer;
  engine: AcdEngine;
  events: AcdEvent[];
  /** Starts an inbound call that keys a card number; resolves with the call and its session's end. */
  call(): { channelId: string; hangUp(): void; finished: Promise<SessionResult> };
  close(): Promise<void>;
}

// The ARI adapter on `client` against the ARI test server, with one agent, ready, whose phone
// behaves as `phone`, and a second one, logged out. `transferFlows` serves agents' transfers to flows.
export async function startBench(client: AriClientKind, phone: DialplanStep[], options: { transferFlows?: TransferFlows } = {}): Promise<Bench> {
  const server = await AriTestServer.start({ users: [{ username: "callflow", password: "bridge-secret" }], timings: { defaultSoundMs: 200 } });
  const engine = new AcdEngine({ clock: realClock });
  const events: AcdEvent[] = [];
  const services = new ServiceTable().add(ACD_SERVICE, new AcdNodeService(engine));

  if (options.transferFlows !== undefined) services.add(TRANSFER_FLOWS, options.transferFlows);
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
  engine.configureAgent({ id: SECOND_AGENT, skills: { cards: 5 }, endpoint: SECOND_AGENT_PHONE });
  engine.login(AGENT, { ready: true });
  server.control.setExtension("agents", "1001", phone);
  server.control.setExtension("agents", "1002", extensions.answer({ ringMs: 200 }));
  await connection.start();

  return {
    server,
    engine,
    events,
    call() {
      const finished = new Promise<SessionResult>((resolve) => sessions.push(resolve));
      // The scripted hang-up at 20 s ends the call if it is never bridged, so a failure cannot leave it queued.
      const inbound = server.control.startInboundCall({ app: APP, callerNumber: "0912345678", script: [{ atMs: 1500, dtmf: "4012#", durationMs: 100, gapMs: 100 }, { atMs: 20_000, hangup: true }] });

      return { channelId: inbound.channelId, hangUp: () => inbound.hangUp(), finished };
    },
    async close() {
      engine.stop();
      connection.stop();
      await server.close();
    },
  };
}

// The bridge with two channels that the adapter made for the agent's leg, once it exists.
export function agentBridge(server: AriTestServer): { id: string; bridge_type: string; channels: string[] } | undefined {
  const bridges = server.control.bridges() as Array<{ id: string; bridge_type: string; channels: string[] }>;

  return bridges.find((bridge) => bridge.channels.length === 2);
}

