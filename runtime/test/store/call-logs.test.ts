import path from "node:path";
import { createInterface } from "node:readline";

import { getCallRecord, listTraceEvents, type CallflowDatabase } from "@callflow/db";
import type { TraceEvent } from "@callflow/sdk";

import { CallLogWriter } from "../../src/store/call-log-writer.js";
import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { runTestCall } from "../../src/store/test-call.js";
import { fromStoredTraceEvent, toStoredTraceEvent } from "../../src/store/trace-rows.js";
import { assignNumber, createPublishedFlow, createTenant, sayingFlow, type TenantFixture } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";
import { exited, forkTypeScript } from "./support/typescript-child.js";

jest.setTimeout(60_000);

let database: StoreTestDatabase;
let store: RuntimeStore;
let tenant: TenantFixture;
let flowId: string;

beforeAll(async () => {
  database = await createStoreTestDatabase();
  store = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
  tenant = await createTenant(store.db, "call-logs", { maxPstnCalls: 50, maxTestCalls: 50 });
  flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("Welcome"));
  await assignNumber(store.db, tenant, "0800400001", flowId);
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

async function countRows(sql: string): Promise<number> {
  const result = await database.owner.query<{ count: number }>(`select count(*)::int as count from ${sql}`);

  return result.rows[0].count;
}

describe("CallLogWriter", () => {
  it("writes a call record and its trace", async () => {
    const { callId } = await runTestCall(store, { number: "0800400001", input: "1@2s" });
    await store.writer.flush();

    const record = await store.db.withTenant(tenant.tenantId, (scope) => getCallRecord(scope, callId));
    const events = await store.db.withTenant(tenant.tenantId, (scope) => listTraceEvents(scope, callId));

    expect(record).toMatchObject({ channel: "test", called: "0800400001", flowId, flowVersion: 1, outcome: "completed" });
    expect(record!.durationMs).toBeGreaterThanOrEqual(2000);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(events[0].type).toBe("call.started");
    expect(events.at(-1)!.type).toBe("call.ended");
  });

  it("records when an answered call was answered", async () => {
    const answering = { ...(sayingFlow("Welcome") as { nodes: unknown[]; edges: unknown[] }), entry: "answer" };
    answering.nodes = [{ id: "answer", type: "call.answer" }, ...answering.nodes];
    answering.edges = [{ from: "answer", port: "next", to: "menu" }, ...answering.edges];
    const answeringFlow = await createPublishedFlow(store.db, tenant, "answering", answering);
    await assignNumber(store.db, tenant, "0800400009", answeringFlow);

    const { callId } = await runTestCall(store, { number: "0800400009", input: "1@2s" });
    await store.writer.flush();
    const record = await store.db.withTenant(tenant.tenantId, (scope) => getCallRecord(scope, callId));

    expect(record!.answeredAt).toBeInstanceOf(Date);
    expect(record!.answeredAt!.getTime()).toBeGreaterThanOrEqual(record!.startedAt.getTime());
    expect(record!.answeredAt!.getTime()).toBeLessThanOrEqual(record!.endedAt!.getTime());
  });

  it("leaves a never-answered call without an answer time", async () => {
    const { callId } = await runTestCall(store, { number: "0800400001", input: "1@2s" });
    await store.writer.flush();
    const record = await store.db.withTenant(tenant.tenantId, (scope) => getCallRecord(scope, callId));

    expect(record!.answeredAt).toBeNull();
  });

  it("sets the answer time of a record written at the call's start", async () => {
    const writer = new CallLogWriter({ db: store.db, channelKind: () => "test", flushIntervalMs: 60_000 });
    const callId = "0b0cf4a2-64a3-4c59-9a55-6f3f0c0f2d11";
    const startedAt = Date.parse("2026-12-01T09:00:00Z");
    writer.traceSink(callId, { callId, tenantId: tenant.tenantId, flow: flowId, flowVersion: 1, caller: "0912345678", called: "0800400001", startedAt });
    await writer.flush();

    writer.callEnded({ callId, tenantId: tenant.tenantId, flow: flowId, flowVersion: 1, caller: "0912345678", called: "0800400001", startedAt, answeredAt: startedAt + 1500, endedAt: startedAt + 9000, outcome: "completed" });
    await writer.close();
    const record = await store.db.withTenant(tenant.tenantId, (scope) => getCallRecord(scope, callId));

    expect(record!.answeredAt!.toISOString()).toBe("2026-12-01T09:00:01.500Z");
    expect(record!.endedAt!.toISOString()).toBe("2026-12-01T09:00:09.000Z");
  });

  it("writes a record of a refused call", async () => {
    const busy = await createTenant(store.db, "call-logs-busy", { maxTestCalls: 0 });
    const busyFlow = await createPublishedFlow(store.db, busy, "hotline", sayingFlow("Welcome"));
    await assignNumber(store.db, busy, "0800400002", busyFlow);

    const { callId } = await runTestCall(store, { number: "0800400002" });
    await store.writer.flush();
    const record = await store.db.withTenant(busy.tenantId, (scope) => getCallRecord(scope, callId));

    expect(record).toMatchObject({ channel: "test", flowId: busyFlow, flowVersion: null, outcome: "rejected" });
  });

  it("writes many calls in few transactions", async () => {
    const writesBefore = store.writer.counters.writes;

    const calls = await Promise.all(Array.from({ length: 20 }, () => runTestCall(store, { number: "0800400001", input: "1@1s", channelKind: "pstn" })));
    await store.writer.flush();
    const ids = calls.map((call) => `'${call.callId}'`).join(", ");

    expect(await countRows(`call_records where id in (${ids}) and ended_at is not null`)).toBe(20);
    expect(store.writer.counters.writes - writesBefore).toBeLessThan(20);
  });

  it("splits a large backlog into transactions", async () => {
    const writer = new CallLogWriter({ db: store.db, channelKind: () => "pstn", flushIntervalMs: 60_000, flushEvents: 1_000_000 });
    const at = Date.now();
    const sink = writer.traceSink("backlog-call", { callId: "backlog-call", tenantId: tenant.tenantId, flow: flowId, flowVersion: 1, caller: "0912345678", called: "0800400001", startedAt: at });
    const recordId = writer.recordIdOf("backlog-call");

    for (let seq = 0; seq < 12_000; seq++) sink.write({ v: 1, at: at + seq, callId: "backlog-call", type: "input.digit", digit: "1" });
    writer.callEnded({ callId: "backlog-call", tenantId: tenant.tenantId, flow: flowId, flowVersion: 1, caller: "0912345678", called: "0800400001", startedAt: at, endedAt: at + 20_000, outcome: "completed" });
    await writer.close();

    expect(writer.counters).toMatchObject({ writes: 3, eventsWritten: 12_000, recordsWritten: 1 });
    expect(await countRows(`call_trace_events where call_id = '${recordId}'`)).toBe(12_000);
    expect(await countRows(`call_records where id = '${recordId}' and outcome = 'completed'`)).toBe(1);
  });

  it("keeps rows for the next write when one fails", async () => {
    let failures = 1;
    const flaky: CallflowDatabase = {
      ...store.db,
      withTenant: (tenantId, fn) => (failures-- > 0 ? Promise.reject(new Error("connection terminated")) : store.db.withTenant(tenantId, fn)),
    };
    const writer = new CallLogWriter({ db: flaky, channelKind: () => "pstn", flushIntervalMs: 60_000 });
    const sink = writer.traceSink("flaky-call", { callId: "flaky-call", tenantId: tenant.tenantId, flow: flowId, flowVersion: 1, caller: "0912345678", called: "0800400001", startedAt: Date.now() });

    const recordId = writer.recordIdOf("flaky-call");
    sink.write({ v: 1, at: Date.now(), callId: "flaky-call", type: "input.digit", digit: "1" });
    await writer.flush();
    const failed = writer.counters.failedWrites;
    await writer.close();

    expect(failed).toBe(1);
    expect(writer.counters.eventsWritten).toBe(1);
    expect(await countRows(`call_trace_events where call_id = '${recordId}'`)).toBe(1);
  });

  it("drops rows the database rejects", async () => {
    const writer = new CallLogWriter({ db: store.db, channelKind: () => "pstn", flushIntervalMs: 60_000 });
    // Version 9 of the flow does not exist, so the record's foreign key is violated.
    const sink = writer.traceSink("rejected-call", { callId: "rejected-call", tenantId: tenant.tenantId, flow: flowId, flowVersion: 9, caller: "0912345678", called: "0800400001", startedAt: Date.now() });

    sink.write({ v: 1, at: Date.now(), callId: "rejected-call", type: "input.digit", digit: "1" });
    await writer.close();

    expect(writer.counters).toMatchObject({ recordsDropped: 1, eventsDropped: 1, failedWrites: 1 });
    expect(writer.pendingCount).toEqual({ events: 0, records: 0 });
  });

  it("writes every row on SIGTERM", async () => {
    await assignNumber(store.db, tenant, "0800400003", flowId);
    const child = forkTypeScript(path.join(__dirname, "support", "call-log-worker.ts"), [database.url, database.masterKey.toString("base64"), "0800400003", "12"]);
    const lines = createInterface({ input: child.stdout! });
    const output: string[] = [];
    const running = new Promise<void>((resolve) => lines.on("line", (line) => (line === "running" ? resolve() : output.push(line))));
    const errors: string[] = [];
    child.stderr!.on("data", (chunk: Buffer) => errors.push(chunk.toString()));

    await running;
    const rowsBefore = await countRows("call_records where called = '0800400003'");
    child.kill("SIGTERM");
    const code = await exited(child);
    const summary = JSON.parse(output[0] ?? "{}") as { producedEvents: number };
    const records = await countRows("call_records where called = '0800400003' and ended_at is not null");
    const events = await countRows("call_trace_events e join call_records r on r.id = e.call_id where r.called = '0800400003'");

    expect({ code, errors: errors.join("") }).toEqual({ code: 0, errors: "" });
    expect(rowsBefore).toBe(0);
    expect(records).toBe(12);
    expect(events).toBe(summary.producedEvents);
  });
});

describe("trace rows", () => {
  it("round-trips a trace event", () => {
    const event: TraceEvent = { v: 1, at: 1_765_000_000_123, callId: "c1", type: "node.left", nodeId: "menu", port: "one", durationMs: 1200 };

    const row = toStoredTraceEvent(4, event);
    const rebuilt = fromStoredTraceEvent("c1", row);

    expect(row).toEqual({ seq: 4, at: new Date(event.at), type: "node.left", nodeId: "menu", schemaVersion: 1, data: { port: "one", durationMs: 1200 } });
    expect(rebuilt).toEqual(event);
  });
});
