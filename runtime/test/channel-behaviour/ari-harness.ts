import { compileFlow, MemoryTraceSink, realClock, type Plan } from "@callflow/sdk";
import { createNodeRegistry } from "@callflow/nodes";

import { AriConnection } from "../../src/ari/adapter/ari-connection.js";
import type { AriChannel } from "../../src/ari/adapter/ari-channel.js";
import type { AriClientKind } from "../../src/ari/adapter/ari-transport.js";
import { AriTestServer, extensions, type CallerAction } from "../../src/ari/test-server/index.js";
import { Session, type SessionResult } from "../../src/session/session.js";
import { observe, type CallHarness, type ScriptStep } from "./call-harness.js";
import { PROMPT_MS } from "./simulated-harness.js";

const APP = "behaviour";

function toScript(script: ScriptStep[]): CallerAction[] {
  return script.map((step) => ("hangup" in step ? { atMs: step.atMs, hangup: true } : { atMs: step.atMs, dtmf: step.keys, durationMs: 100, gapMs: 100 }));
}

/**
 * The ARI adapter on the `client` library against the ARI test server, on the wall clock. TTS
 * text plays as a `sound:` the server has no length for, so every prompt lasts
 * {@link PROMPT_MS} as in the simulated harness.
 */
export async function ariHarness(client: AriClientKind): Promise<CallHarness> {
  const server = await AriTestServer.start({ users: [{ username: "callflow", password: "behaviour-secret" }], timings: { defaultSoundMs: PROMPT_MS } });
  const waiting = new Map<string, { plan: Plan; resolve(value: { result: SessionResult; sink: MemoryTraceSink }): void }>();
  const connection = new AriConnection({
    server: { name: "test", url: server.url, username: "callflow", password: "behaviour-secret", app: APP },
    client,
    resolveMedia: async (media) => `sound:callflow-tts/${Buffer.from(media.text ?? "").toString("hex").slice(0, 32)}`,
    onCall: (channel: AriChannel) => {
      const entry = waiting.get(channel.called);

      if (!entry) throw new Error(`no test flow for extension ${channel.called}`);
      const sink = new MemoryTraceSink();

      void new Session({ plan: entry.plan, channel, clock: realClock, sink }).run().then((result) => entry.resolve({ result, sink }));
    },
  });
  let calls = 0;

  await connection.start();
  return {
    name: `ari (${client})`,
    async call(flow, script, endpoints = {}) {
      const compiled = compileFlow(flow, { registry: createNodeRegistry() });

      if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join("\n"));
      for (const [endpoint, behaviour] of Object.entries(endpoints)) {
        const [exten, context] = endpoint.replace(/^Local\//, "").split("@");
        const steps =
          behaviour.kind === "answer"
            ? extensions.answer({ ringMs: behaviour.ringMs, hangupAfterMs: behaviour.talkMs })
            : behaviour.kind === "busy"
              ? extensions.busy()
              : extensions.noAnswer();

        server.control.setExtension(context, exten, steps);
      }
      const extension = `${++calls + 1000}`;
      const finished = new Promise<{ result: SessionResult; sink: MemoryTraceSink }>((resolve) => waiting.set(extension, { plan: compiled.plan, resolve }));

      server.control.startInboundCall({ app: APP, extension, callerNumber: "0912345678", script: toScript(script) });
      const { result, sink } = await finished;

      waiting.delete(extension);
      return observe(result.reason, result.variables, sink.events);
    },
    leftovers: () => connection.pendingOperations + connection.activeCalls,
    async close() {
      connection.stop();
      await server.close();
    },
  };
}
