import { appendTraceEvents, listTraceEvents, type StoredTraceEvent } from "../src/traces.js";
import { callRecords } from "../src/schema/calls.js";
import { createTenantWithUser, type TenantFixture } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

let test: TestDatabase;
let tenant: TenantFixture;

beforeAll(async () => {
  test = await createTestDatabase();
  tenant = await createTenantWithUser(test.db, "traces");
});

afterAll(async () => {
  await test.drop();
});

function newCall(tenantId: string): Promise<string> {
  return test.db.withTenant(tenantId, async ({ tx }) => {
    const [call] = await tx.insert(callRecords).values({ tenantId, channel: "test" }).returning({ id: callRecords.id });
    return call.id;
  });
}

function event(seq: number, type: string, data: Record<string, unknown> = {}): StoredTraceEvent {
  return { seq, at: new Date(Date.UTC(2026, 0, 1, 9, 0, seq)), type, nodeId: `node-${seq}`, schemaVersion: 1, data };
}

describe("trace events", () => {
  it("lists a call's events in order across batches", async () => {
    const callId = await newCall(tenant.tenantId);

    await test.db.withTenant(tenant.tenantId, (scope) => appendTraceEvents(scope, callId, [event(2, "port.taken"), event(3, "node.left")]));
    await test.db.withTenant(tenant.tenantId, (scope) => appendTraceEvents(scope, callId, [event(0, "node.entered"), event(1, "dtmf", { digit: "1" })]));
    const events = await test.db.withTenant(tenant.tenantId, (scope) => listTraceEvents(scope, callId));

    expect(events).toEqual([event(0, "node.entered"), event(1, "dtmf", { digit: "1" }), event(2, "port.taken"), event(3, "node.left")]);
  });

  it("keeps the events of each call apart", async () => {
    const first = await newCall(tenant.tenantId);
    const second = await newCall(tenant.tenantId);
    await test.db.withTenant(tenant.tenantId, async (scope) => {
      await appendTraceEvents(scope, first, [event(0, "first")]);
      await appendTraceEvents(scope, second, [event(0, "second")]);
    });

    const events = await test.db.withTenant(tenant.tenantId, (scope) => listTraceEvents(scope, second));

    expect(events.map((stored) => stored.type)).toEqual(["second"]);
  });

  it("rejects a batch written twice", async () => {
    const callId = await newCall(tenant.tenantId);
    await test.db.withTenant(tenant.tenantId, (scope) => appendTraceEvents(scope, callId, [event(0, "once")]));

    const again = test.db.withTenant(tenant.tenantId, (scope) => appendTraceEvents(scope, callId, [event(0, "once")]));

    await expect(again).rejects.toMatchObject({ cause: { code: "23505" } });
  });

  it("shows another tenant's call as empty", async () => {
    const callId = await newCall(tenant.tenantId);
    await test.db.withTenant(tenant.tenantId, (scope) => appendTraceEvents(scope, callId, [event(0, "private")]));
    const other = await createTenantWithUser(test.db, "traces-other");

    const events = await test.db.withTenant(other.tenantId, (scope) => listTraceEvents(scope, callId));

    expect(events).toEqual([]);
  });

  it("rejects events for another tenant's call", async () => {
    const callId = await newCall(tenant.tenantId);
    const other = await createTenantWithUser(test.db, "traces-writer");

    const write = test.db.withTenant(other.tenantId, (scope) => appendTraceEvents(scope, callId, [event(0, "planted")]));

    await expect(write).rejects.toMatchObject({ cause: { code: "23503", constraint: "call_trace_events_call_fk" } });
  });
});
