import { compileFlow, MemoryLogger, MemoryTraceSink, realClock, type Plan } from "@callflow/sdk";
import { createNodeRegistry } from "@callflow/nodes";

import { AriConnection } from "../../../src/ari/adapter/ari-connection.js";
import { ARI_CLIENT_KINDS } from "../../../src/ari/adapter/ari-transport.js";
import { AriTestServer, type CallerAction } from "../../../src/ari/test-server/index.js";
import { Session, type SessionResult } from "../../../src/session/session.js";

jest.setTimeout(30_000);

const APP = "faults";
const USER = { username: "callflow", password: "fault-secret" };

const menuFlow = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Faults" },
  languages: ["en"],
  entry: "answer",
  onHangup: "after",
  nodes: [
    { id: "answer", type: "call.answer" },
    { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }], firstKeyTimeoutMs: 8000, maxAttempts: 1 } },
    { id: "one", type: "media.play", config: { prompt: { tts: { en: "You pressed one" } }, bargeIn: false } },
    { id: "end", type: "flow.end" },
    { id: "after", type: "util.log", config: { message: "after" } },
  ],
  edges: [
    { from: "answer", port: "next", to: "menu" },
    { from: "menu", port: "one", to: "one" },
    { from: "one", port: "next", to: "end" },
  ],
};

function compile(): Plan {
  const result = compileFlow(menuFlow, { registry: createNodeRegistry() });

  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.plan;
}

interface Started {
  result: Promise<SessionResult>;
  sink: MemoryTraceSink;
}

let server: AriTestServer;
let connection: AriConnection;
let logger: MemoryLogger;
let sessions: Started[];

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;

  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startCall(script: CallerAction[] = [], extension = "100"): void {
  server.control.startInboundCall({ app: APP, extension, callerNumber: "0911000222", script });
}

// Every case runs on each ARI client library the adapter supports.
describe.each(ARI_CLIENT_KINDS)("with the %s client", (client) => {
  beforeEach(async () => {
    const plan = compile();

    server = await AriTestServer.start({ users: [USER], timings: { defaultSoundMs: 300 } });
    logger = new MemoryLogger();
    sessions = [];
    connection = new AriConnection({
      server: { name: "faults", url: server.url, app: APP, ...USER },
      client,
      logger,
      requestPolicy: { timeoutMs: 400, attempts: 4, retryDelayMs: 50 },
      resolveMedia: async (media) => `sound:tts-${media.text?.length ?? 0}`,
      onCall: (channel) => {
        const sink = new MemoryTraceSink();

        sessions.push({ sink, result: new Session({ plan, channel, clock: realClock, sink }).run() });
      },
    });
    await connection.start();
  });

  afterEach(async () => {
    connection.stop();
    await server.close();
  });

  describe("ARI adapter faults", () => {
    it("continues a call after the WebSocket drops in the middle of a menu", async () => {
      startCall([{ atMs: 2500, dtmf: "1" }]);
      await until(() => sessions.length === 1, "the call");
      await new Promise((resolve) => setTimeout(resolve, 600));

      server.control.dropConnections({ mode: "terminate" });
      const result = await sessions[0].result;

      expect(result.reason).toBe("completed");
      expect(sessions[0].sink.events.some((e) => e.type === "node.entered" && e.nodeId === "one")).toBe(true);
      expect(logger.records.some((r) => r.message === "ARI reconnected; reconciling calls")).toBe(true);
    });

    it("ends the session of a channel that hung up while the WebSocket was down", async () => {
      startCall();
      await until(() => sessions.length === 1, "the call");
      const channelId = (server.control.channels()[0] as { id: string }).id;

      server.control.dropConnections({ mode: "terminate" });
      server.control.hangUpFromFarEnd(channelId);
      const result = await sessions[0].result;

      expect(result.reason).toBe("hangup");
      expect(connection.activeCalls).toBe(0);
    });

    it("ends the session cleanly when a request answers 404 channel not found", async () => {
      server.control.failNext({ method: "POST", path: "/channels/{channelId}/play", status: 404 });
      startCall();
      await until(() => sessions.length === 1, "the call");

      const result = await sessions[0].result;

      expect(result.reason).toBe("hangup");
      expect(sessions[0].sink.events.some((e) => e.type === "node.entered" && e.nodeId === "after")).toBe(true);
    });

    it("retries a request whose reply is lost in a gap", async () => {
      server.control.delayNext({ method: "POST", path: "/channels/{channelId}/answer", ms: 1000, phase: "after" });
      startCall([{ atMs: 1500, dtmf: "1" }]);
      await until(() => sessions.length === 1, "the call");

      const result = await sessions[0].result;

      expect(result.reason).toBe("completed");
      expect(server.control.requests().filter((r) => r.method === "POST" && /\/answer$/.test(r.path)).length).toBeGreaterThan(1);
    });

    it("starts one session for a duplicated StasisStart", async () => {
      server.control.duplicateNextEvents(20);
      startCall([{ atMs: 600, hangup: true }]);
      await until(() => sessions.length >= 1, "the call");
      await sessions[0].result;

      expect(sessions).toHaveLength(1);
    });

    it("survives an event type it has no model for", async () => {
      server.control.injectEvent(APP, { type: "ChannelQuantumEntangled", channel: { id: "x" } });
      startCall([{ atMs: 1200, dtmf: "1" }]);
      await until(() => sessions.length === 1, "the call");

      const result = await sessions[0].result;

      expect(result.reason).toBe("completed");
      expect(logger.records.some((r) => r.message === "ARI event of unknown type dropped" && r.fields.eventType === "ChannelQuantumEntangled")).toBe(true);
    });

    it("leaves no sessions, timers or operations behind after 200 concurrent calls", async () => {
      const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

      for (let i = 0; i < 200; i++) startCall([{ atMs: 800 + (i % 10) * 50, dtmf: "1" }], String(2000 + i));
      await until(() => sessions.length === 200, "200 calls");
      const results = await Promise.all(sessions.map((s) => s.result));
      await until(() => server.control.channels().length === 0, "the server's channels to end");
      // The last StasisEnd events may still be on their way over the WebSocket.
      await until(() => connection.activeCalls === 0, "the adapter to see every channel end");

      expect(results.filter((r) => r.reason === "completed")).toHaveLength(200);
      expect(connection.activeCalls).toBe(0);
      expect(connection.pendingOperations).toBe(0);
      // A timer can still be pending while the last sockets close. A timer that the calls leak never
      // clears, so the wait below times out.
      const countTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      await until(() => countTimers() <= timersBefore, `the active timers to fall back to ${timersBefore}`);
      expect(countTimers()).toBeLessThanOrEqual(timersBefore);
    });
  });

  describe("two Asterisk servers", () => {
    it("uses each server's own credentials", async () => {
      const other = await AriTestServer.start({ users: [{ username: "second", password: "another-password" }], timings: { defaultSoundMs: 300 } });
      const results: Array<Promise<SessionResult>> = [];
      const plan = compile();
      const second = new AriConnection({
        server: { name: "second", url: other.url, app: APP, username: "second", password: "another-password" },
        client,
        resolveMedia: async () => "sound:hello-world",
        onCall: (channel) => results.push(new Session({ plan, channel, clock: realClock }).run()),
      });

      try {
        await second.start();
        startCall([{ atMs: 1200, dtmf: "1" }]);
        other.control.startInboundCall({ app: APP, extension: "100", script: [{ atMs: 1200, dtmf: "1" }] });
        await until(() => sessions.length === 1 && results.length === 1, "a call on each server");

        const [first, secondResult] = await Promise.all([sessions[0].result, results[0]]);

        expect(first.reason).toBe("completed");
        expect(secondResult.reason).toBe("completed");
        // ari-client fetches the API docs once without credentials (401) before it authenticates.
        expect(server.control.requests().filter((r) => !r.path.includes("api-docs") && r.status === 401)).toEqual([]);
        expect(other.control.requests().filter((r) => !r.path.includes("api-docs") && r.status === 401)).toEqual([]);
      } finally {
        second.stop();
        await other.close();
      }
    });
  });
});
