import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { MemoryLogger, parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";
import { createNodeRegistry } from "@callflow/nodes";

import type { Directory, DirectoryEntry } from "../../src/directory/directory.js";
import { CallService, type CallRecord } from "../../src/service/call-service.js";
import { FileFlowSource } from "../../src/service/flow-source.js";

const menuFlow = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Hotline" },
  languages: ["en"],
  entry: "menu",
  nodes: [
    { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }], firstKeyTimeoutMs: 60_000, maxAttempts: 1 } },
    { id: "one", type: "media.play", config: { prompt: { tts: { en: "Thank you" } }, bargeIn: false } },
    { id: "end", type: "flow.end" },
  ],
  edges: [
    { from: "menu", port: "one", to: "one" },
    { from: "one", port: "next", to: "end" },
  ],
};

function directoryOf(entries: DirectoryEntry[]): Directory {
  return { lookup: async (called) => entries.find((e) => e.number === called) };
}

let root: string;
let clock: VirtualClock;
let records: CallRecord[];
let logger: MemoryLogger;

function service(entries: DirectoryEntry[] = [{ number: "1800", tenantId: "demo", flow: "hotline", callerId: undefined, quotas: { maxConcurrentCalls: 2 } }]): CallService {
  return new CallService({
    directory: directoryOf(entries),
    flows: new FileFlowSource(root, createNodeRegistry()),
    clock,
    logger,
    onCallEnded: (record) => records.push(record),
  });
}

function call(id: string, script: string, called = "1800"): SimulatedChannel {
  return new SimulatedChannel({ clock, callId: id, called, script: parseCallerScript(script) });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "callflow-service-"));
  mkdirSync(join(root, "hotline"));
  writeFileSync(join(root, "hotline", "flow.json"), JSON.stringify(menuFlow));
  clock = new VirtualClock(0);
  records = [];
  logger = new MemoryLogger();
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("CallService", () => {
  it("runs the flow of the called number", async () => {
    const calls = service();

    const done = calls.handle(call("a", "1@2s"));
    await clock.runUntilIdle();
    await done;

    expect(records).toMatchObject([{ callId: "a", tenantId: "demo", flow: "hotline", outcome: "completed" }]);
  });

  it("logs the start and end of each call with its ids", async () => {
    const calls = service();

    const done = calls.handle(call("a", "1@2s"));
    await clock.runUntilIdle();
    await done;

    expect(logger.records.find((r) => r.message === "call started")?.fields).toMatchObject({ callId: "a", tenantId: "demo", flow: "hotline" });
    expect(logger.records.find((r) => r.message === "call ended")?.fields).toMatchObject({ callId: "a", tenantId: "demo", reason: "completed" });
  });

  it("tells a caller of an unknown number that it is not in service", async () => {
    const calls = service();
    const channel = call("a", "", "1999");

    const done = calls.handle(channel);
    await clock.runUntilIdle();
    await done;

    expect(records[0].outcome).toBe("not-in-service");
    expect(channel.played[0].language).toBe("cmn");
    expect(channel.hangupCause).toBe(1);
  });

  it("refuses calls over the number's concurrent-call limit", async () => {
    const calls = service();
    const channels = [call("a", "1@20s"), call("b", "1@20s"), call("c", "")];

    const done = Promise.all(channels.map((c) => calls.handle(c)));
    await clock.runUntilIdle();
    await done;

    expect(records.find((r) => r.callId === "c")?.outcome).toBe("busy");
    expect(channels[2].hangupCause).toBe(17);
    expect(calls.counters.busy).toBe(1);
  });

  it("frees the limit when a call ends", async () => {
    const calls = service();

    const first = calls.handle(call("a", "1@1s"));
    const second = calls.handle(call("b", "1@1s"));
    await clock.runUntilIdle();
    await Promise.all([first, second]);
    const third = calls.handle(call("c", "1@1s"));
    await clock.runUntilIdle();
    await third;

    expect(records.map((r) => r.outcome)).toEqual(["completed", "completed", "completed"]);
  });

  it("refuses a call whose flow does not compile", async () => {
    writeFileSync(join(root, "hotline", "flow.json"), JSON.stringify({ ...menuFlow, entry: "nowhere" }));
    const calls = service();

    const done = calls.handle(call("a", ""));
    await clock.runUntilIdle();
    await done;

    expect(records[0].outcome).toBe("flow-failed");
    expect(logger.records.some((r) => r.level === "error" && String((r.fields.err as Error).message).includes("callflow validate"))).toBe(true);
  });

  it("drains: running calls finish, new calls are refused", async () => {
    const calls = service();
    const running = calls.handle(call("a", "1@30s"));

    await clock.advance(1000);
    const draining = calls.drain(120_000);
    const late = calls.handle(call("b", ""));
    await clock.runUntilIdle();
    await Promise.all([running, late, draining]);

    expect(records.find((r) => r.callId === "a")?.outcome).toBe("completed");
    expect(records.find((r) => r.callId === "b")?.outcome).toBe("unavailable");
  });

  it("ends calls still running at the drain deadline politely", async () => {
    const calls = service();
    const channel = call("a", "1@50s");
    const running = calls.handle(channel);

    await clock.advance(1000);
    const draining = calls.drain(5000);
    await clock.runUntilIdle();
    await Promise.all([running, draining]);

    expect(records[0].outcome).toBe("aborted");
    expect(channel.hungUpBy).toBe("flow");
    expect(channel.played.at(-1)?.text).toContain("We are sorry");
  });
});
