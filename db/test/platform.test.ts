import { eq, sql } from "drizzle-orm";

import { auditLog } from "../src/schema/audit-log.js";
import { phoneNumbers } from "../src/schema/phone-numbers.js";
import { tenants } from "../src/schema/tenants.js";
import { DEFAULT_TENANT_QUOTAS } from "../src/platform/quotas.js";
import { TEST_ACTOR } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

const OPERATOR = { kind: "platform-user", id: "5b1f3f4e-8a52-4c4e-9a57-2f4c1f0e9d10" } as const;

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test.drop();
});

async function auditRows(tenantId: string) {
  const result = await test.owner.query("select actor_kind, actor_id, action, details from audit_log where tenant_id = $1 order by id", [tenantId]);

  return result.rows;
}

describe("withPlatform", () => {
  it("runs as the platform role", async () => {
    const role = await test.db.withPlatform(OPERATOR, async ({ tx }) => (await tx.execute<{ role: string }>(sql`select current_user as role`)).rows[0].role);

    expect(role).toBe("callflow_platform");
  });

  it("creates a tenant with default quotas and an audit row", async () => {
    const tenant = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Harbour Bank", defaultLocale: "zh-Hant" }));

    expect(tenant).toMatchObject({ name: "Harbour Bank", status: "active", defaultLocale: "zh-Hant", sensitiveDataEncryption: false, ...DEFAULT_TENANT_QUOTAS });
    expect(await auditRows(tenant.id)).toEqual([
      {
        actor_kind: "platform-user",
        actor_id: OPERATOR.id,
        action: "tenant.create",
        details: { name: "Harbour Bank", defaultLocale: "zh-Hant", quotas: DEFAULT_TENANT_QUOTAS, sensitiveDataEncryption: false },
      },
    ]);
  });

  it("creates zeroed call slot counters for each channel kind", async () => {
    const tenant = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Counters Ltd" }));

    const usage = await test.db.readCallSlotUsage(tenant.id);

    expect(usage).toEqual([
      { channel: "pstn", inUse: 0, limit: DEFAULT_TENANT_QUOTAS.maxPstnCalls, refusedTotal: 0 },
      { channel: "test", inUse: 0, limit: DEFAULT_TENANT_QUOTAS.maxTestCalls, refusedTotal: 0 },
      { channel: "web", inUse: 0, limit: DEFAULT_TENANT_QUOTAS.maxWebCalls, refusedTotal: 0 },
    ]);
  });

  it("audits a quota change with the values before and after", async () => {
    const tenant = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Quota Mart" }));

    const updated = await test.db.withPlatform(OPERATOR, (platform) => platform.updateQuotas(tenant.id, { maxPstnCalls: 30, maxAgents: 12 }));

    expect(updated).toMatchObject({ maxPstnCalls: 30, maxAgents: 12, maxWebCalls: DEFAULT_TENANT_QUOTAS.maxWebCalls });
    expect((await auditRows(tenant.id))[1]).toEqual({
      actor_kind: "platform-user",
      actor_id: OPERATOR.id,
      action: "tenant.quotas.update",
      details: { before: { maxPstnCalls: 10, maxAgents: 10 }, after: { maxPstnCalls: 30, maxAgents: 12 } },
    });
  });

  it("suspends and resumes a tenant with audit rows", async () => {
    const tenant = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Late Payer" }));

    const suspended = await test.db.withPlatform(OPERATOR, (platform) => platform.suspendTenant(tenant.id, "invoice overdue"));
    const resumed = await test.db.withPlatform(OPERATOR, (platform) => platform.resumeTenant(tenant.id));

    expect(suspended.status).toBe("suspended");
    expect(resumed.status).toBe("active");
    expect((await auditRows(tenant.id)).map((row) => [row.action, row.details])).toEqual([
      ["tenant.create", expect.any(Object)],
      ["tenant.suspend", { reason: "invoice overdue", previousStatus: "active" }],
      ["tenant.resume", { previousStatus: "suspended" }],
    ]);
  });

  it("rolls back the change and its audit row together", async () => {
    const failure = new Error("stop after creating");

    const run = test.db.withPlatform(OPERATOR, async (platform) => {
      await platform.createTenant({ name: "Never Was" });
      throw failure;
    });

    await expect(run).rejects.toBe(failure);
    const left = await test.owner.query("select (select count(*)::int from tenants where name = 'Never Was') as tenants, (select count(*)::int from audit_log where details->>'name' = 'Never Was') as audits");
    expect(left.rows[0]).toEqual({ tenants: 0, audits: 0 });
  });

  it("rejects negative quotas before writing", async () => {
    const run = test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Negative", quotas: { maxWebCalls: -1 } }));

    await expect(run).rejects.toMatchObject({ code: "invalid-input", field: "quotas.maxWebCalls" });
  });

  it("rejects an actor without an id", async () => {
    const run = test.db.withPlatform({ kind: "platform-user", id: " " }, async () => undefined);

    await expect(run).rejects.toMatchObject({ code: "invalid-input", field: "actor" });
  });

  it("assigns a number that the tenant then routes", async () => {
    const tenant = await test.db.withPlatform(TEST_ACTOR, (platform) => platform.createTenant({ name: "Routed" }));

    await test.db.withPlatform(TEST_ACTOR, (platform) => platform.assignNumber(tenant.id, "+85230001234"));
    const route = await test.db.resolveNumber("+85230001234");

    expect(route).toEqual({ tenantId: tenant.id, tenantStatus: "active", flowId: null, callerId: null });
    expect(await test.db.resolveNumber("+85230009999")).toBeNull();
    expect((await auditRows(tenant.id)).at(-1)).toMatchObject({ actor_kind: "system", actor_id: "db-tests", action: "number.assign" });
  });
});

describe("application role on platform tables", () => {
  it("reads its own tenant row only", async () => {
    const mine = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Mine" }));

    const seen = await test.db.withTenant(mine.id, ({ tx }) => tx.select({ id: tenants.id }).from(tenants));

    expect(seen).toEqual([{ id: mine.id }]);
  });

  it("cannot change its own quotas", async () => {
    const mine = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Greedy" }));

    const raise = test.db.withTenant(mine.id, ({ tx }) => tx.update(tenants).set({ maxPstnCalls: 1000 }).where(eq(tenants.id, mine.id)));

    await expect(raise).rejects.toMatchObject({ cause: { code: "42501", message: "permission denied for table tenants" } });
  });

  it("cannot assign itself a number", async () => {
    const mine = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Squatter" }));

    const take = test.db.withTenant(mine.id, ({ tx }) => tx.insert(phoneNumbers).values({ tenantId: mine.id, number: "+85230005555" }));

    await expect(take).rejects.toMatchObject({ cause: { code: "42501", message: "permission denied for table phone_numbers" } });
  });

  it("reads only its tenant's audit rows, never platform-wide ones", async () => {
    const mine = await test.db.withPlatform(OPERATOR, (platform) => platform.createTenant({ name: "Audited" }));
    await test.db.withPlatform(OPERATOR, (platform) => platform.audit("platform.maintenance", null, { note: "platform-wide" }));

    const seen = await test.db.withTenant(mine.id, ({ tx }) => tx.select({ action: auditLog.action, tenantId: auditLog.tenantId }).from(auditLog));

    expect(seen).toEqual([{ action: "tenant.create", tenantId: mine.id }]);
  });
});

describe("audit log", () => {
  it("rejects UPDATE and DELETE even from the owner", async () => {
    await test.db.withPlatform(OPERATOR, (platform) => platform.audit("platform.check", null, {}));

    const update = test.owner.query("update audit_log set action = 'rewritten'");
    const remove = test.owner.query("delete from audit_log");

    await expect(update).rejects.toMatchObject({ code: "23001", message: "UPDATE on audit_log is not allowed: its rows are immutable" });
    await expect(remove).rejects.toMatchObject({ code: "23001", message: "DELETE on audit_log is not allowed: its rows are immutable" });
  });
});
