import ari from "ari-client";

import { VirtualClock, type Clock } from "@callflow/sdk";

import { AriTestServer, type AriTestServerOptions } from "../../../../src/ari/test-server/index.js";
import { EventCollector } from "./event-collector.js";
import type { Client } from "./test-client.js";

/** Start of virtual time in fixture tests: 300 ms past a whole second, as in the measured recording run. */
export const VIRTUAL_START = Date.parse("2026-03-02T10:00:00.300Z");

export const APP = "callflow";

export interface Harness {
  server: AriTestServer;
  client: Client;
  collector: EventCollector;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * ari-client prints swagger-client's "deprecated version of Swagger" notice on every connect,
 * because Asterisk labels its API docs Swagger 1.1; the tests keep it out of their output.
 */
export function silenceSwaggerNotice(): void {
  const original = console.log;

  jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    const first = Array.isArray(args[0]) ? String(args[0][0]) : String(args[0]);

    if (first.includes("deprecated version of Swagger")) return;
    original(...args);
  });
}

/** Starts a server, connects ari-client with the default user and opens the events WebSocket for {@link APP}. */
export async function startHarness(options: AriTestServerOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock(VIRTUAL_START);
  const server = await AriTestServer.start({ ...options, clock });
  const client = (await ari.connect(server.url, "asterisk", "asterisk")) as unknown as Client;
  const collector = new EventCollector(client);

  await client.start(APP);
  return {
    server,
    client,
    collector,
    clock,
    async close() {
      client.stop();
      await server.close();
    },
  };
}

/** Moves a {@link VirtualClock} forward and waits until the events it caused have arrived. */
export async function advance(harness: Harness, ms: number): Promise<void> {
  await (harness.clock as VirtualClock).advance(ms);
  await harness.collector.quiet();
}

/**
 * Originates a leg into {@link APP} to a callee that picks up at once, lets its events pass and
 * clears them, and returns the id of the leg (`;1`, in Stasis, Up).
 */
export async function answeredLeg(harness: Harness, exten = "callee"): Promise<string> {
  const { extensions } = await import("../../../../src/ari/test-server/index.js");

  harness.server.control.setExtension("default", exten, extensions.answer());

  const channel = await harness.client.channels.originate({ endpoint: `Local/${exten}@default`, app: APP });

  await advance(harness, 0);
  await advance(harness, 500);
  harness.collector.clear();
  return channel.id as string;
}
