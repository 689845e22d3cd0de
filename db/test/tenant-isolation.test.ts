import { eq, sql } from "drizzle-orm";

import { callRecords, callTraceEvents } from "../src/schema/calls.js";
import { flows, flowVersions } from "../src/schema/flows.js";
import { prompts } from "../src/schema/media.js";
import { phoneNumbers } from "../src/schema/phone-numbers.js";
import { createFlow, publishDraft } from "../src/drafts.js";
import { createTenantWithUser, TEST_ACTOR, type TenantFixture } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

// Every case runs its queries through withTenant, which switches to the application role
// callflow_app: the superuser that owns the tables would bypass row-level security.

interface TenantData extends TenantFixture {
  flowId: string;
  promptId: string;
  callId: string;
}

let test: TestDatabase;
let a: TenantData;
let b: TenantData;

async function arrangeTenant(name: string, number: string): Promise<TenantData> {
  const fixture = await createTenantWithUser(test.db, name);

  await test.db.withPlatform(TEST_ACTOR, (platform) => platform.assignNumber(fixture.tenantId, number));
  return test.db.withTenant(fixture.tenantId, async (scope) => {
    const { flowId } = await createFlow(scope, { name: "hotline", kind: "ivr", document: { owner: name }, authorId: fixture.userId });
    await publishDraft(scope, { flowId, draftVersion: 1, compiledHash: `hash-${name}`, authorId: fixture.userId });
    const [prompt] = await scope.tx
      .insert(prompts)
      .values({ tenantId: scope.tenantId, name: "welcome", language: "en", kind: "tts", ttsText: `Welcome to ${name}` })
      .returning({ id: prompts.id });
    const [call] = await scope.tx
      .insert(callRecords)
      .values({ tenantId: scope.tenantId, channel: "pstn", caller: "0912000111", called: number, flowId, flowVersion: 1 })
      .returning({ id: callRecords.id });
    await scope.tx.insert(callTraceEvents).values({ tenantId: scope.tenantId, callId: call.id, seq: 0, at: new Date(), type: "node.entered", nodeId: "start" });

    return { ...fixture, flowId, promptId: prompt.id, callId: call.id };
  });
}

beforeAll(async () => {
  test = await createTestDatabase();
  a = await arrangeTenant("tenant-a", "+886225550001");
  b = await arrangeTenant("tenant-b", "+886225550002");
});

afterAll(async () => {
  await test.drop();
});

describe("withTenant", () => {
  it("runs as the application role", async () => {
    const role = await test.db.withTenant(a.tenantId, async ({ tx }) => (await tx.execute<{ role: string }>(sql`select current_user as role`)).rows[0].role);

    expect(role).toBe("callflow_app");
  });

  it("reads only the current tenant's rows", async () => {
    const seen = await test.db.withTenant(a.tenantId, ({ tx }) => tx.select({ id: flows.id, tenantId: flows.tenantId }).from(flows));

    expect(seen).toEqual([{ id: a.flowId, tenantId: a.tenantId }]);
  });

  it("finds no row of another tenant by id", async () => {
    const seen = await test.db.withTenant(a.tenantId, ({ tx }) => tx.select().from(prompts).where(eq(prompts.id, b.promptId)));

    expect(seen).toEqual([]);
  });

  it("joins only the current tenant's rows", async () => {
    const joined = await test.db.withTenant(a.tenantId, ({ tx }) =>
      tx
        .select({ callId: callRecords.id, flowName: flows.name, compiledHash: flowVersions.compiledHash, event: callTraceEvents.type })
        .from(callRecords)
        .innerJoin(flows, eq(flows.id, callRecords.flowId))
        .innerJoin(flowVersions, sql`${flowVersions.flowId} = ${callRecords.flowId} and ${flowVersions.version} = ${callRecords.flowVersion}`)
        .innerJoin(callTraceEvents, eq(callTraceEvents.callId, callRecords.id)),
    );

    expect(joined).toEqual([{ callId: a.callId, flowName: "hotline", compiledHash: "hash-tenant-a", event: "node.entered" }]);
  });

  it("joins nothing across to another tenant's rows", async () => {
    // Tenant B's call, joined from tenant A's flow by id: each side is filtered by its policy.
    const joined = await test.db.withTenant(a.tenantId, ({ tx }) =>
      tx.select({ id: callTraceEvents.callId }).from(flows).innerJoin(callTraceEvents, eq(callTraceEvents.callId, b.callId)),
    );

    expect(joined).toEqual([]);
  });

  it("updates no row of another tenant", async () => {
    const updated = await test.db.withTenant(a.tenantId, ({ tx }) =>
      tx.update(prompts).set({ ttsText: "hijacked" }).where(eq(prompts.id, b.promptId)).returning({ id: prompts.id }),
    );
    const stored = await test.owner.query("select tts_text from prompts where id = $1", [b.promptId]);

    expect(updated).toEqual([]);
    expect(stored.rows[0].tts_text).toBe("Welcome to tenant-b");
  });

  it("deletes no row of another tenant", async () => {
    const deleted = await test.db.withTenant(a.tenantId, ({ tx }) => tx.delete(prompts).where(eq(prompts.id, b.promptId)).returning({ id: prompts.id }));
    const stored = await test.owner.query("select count(*)::int as count from prompts where id = $1", [b.promptId]);

    expect(deleted).toEqual([]);
    expect(stored.rows[0].count).toBe(1);
  });

  it("rejects inserting a row for another tenant", async () => {
    const insert = test.db.withTenant(a.tenantId, ({ tx }) =>
      tx.insert(prompts).values({ tenantId: b.tenantId, name: "planted", language: "en", kind: "tts", ttsText: "planted" }),
    );

    await expect(insert).rejects.toMatchObject({
      cause: { code: "42501", message: 'new row violates row-level security policy for table "prompts"' },
    });
  });

  it("rejects moving a row to another tenant", async () => {
    const move = test.db.withTenant(a.tenantId, ({ tx }) => tx.update(prompts).set({ tenantId: b.tenantId }).where(eq(prompts.id, a.promptId)));

    await expect(move).rejects.toMatchObject({ cause: { code: "42501" } });
  });

  it("rejects a reference to another tenant's flow", async () => {
    // Foreign key checks ignore row-level security; the composite key (tenant_id, flow_id) is
    // what keeps tenant A's number from pointing at tenant B's flow.
    const point = test.db.withTenant(a.tenantId, ({ tx }) => tx.update(phoneNumbers).set({ flowId: b.flowId }).where(eq(phoneNumbers.number, "+886225550001")));

    await expect(point).rejects.toMatchObject({ cause: { code: "23503", constraint: "phone_numbers_flow_fk" } });
  });

  it("rejects a tenant id that is not a UUID", async () => {
    await expect(test.db.withTenant("tenant-a", async () => undefined)).rejects.toMatchObject({ code: "invalid-input", field: "tenantId" });
  });
});

describe("application role without a tenant", () => {
  it("sees no rows", async () => {
    const client = await test.owner.connect();

    try {
      await client.query("begin");
      await client.query("set local role callflow_app");
      const result = await client.query("select count(*)::int as count from flows");
      await client.query("rollback");

      expect(result.rows[0].count).toBe(0);
    } finally {
      client.release();
    }
  });

  it("sees no rows on a connection that an earlier transaction set a tenant on", async () => {
    // After a transaction-local set_config, the setting reads '' rather than NULL on that
    // connection; the policies must treat it as no tenant, not fail on ''::uuid.
    const client = await test.owner.connect();

    try {
      await client.query("begin");
      await client.query("select set_config('app.tenant_id', $1, true)", [a.tenantId]);
      await client.query("commit");
      await client.query("begin");
      await client.query("set local role callflow_app");
      const result = await client.query("select count(*)::int as count, current_setting('app.tenant_id', true) as setting from flows");
      await client.query("rollback");

      expect(result.rows[0]).toEqual({ count: 0, setting: "" });
    } finally {
      client.release();
    }
  });
});

describe("table owner", () => {
  it("bypasses the policies as superuser", async () => {
    // This is why the tests go through withTenant and never check isolation as the owner.
    const result = await test.owner.query("select count(*)::int as count from flows");

    expect(result.rows[0].count).toBe(2);
  });
});

describe("schema", () => {
  it("forces row-level security on every table", async () => {
    const result = await test.owner.query(`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
       order by 1`);
    const notForced = result.rows.filter((row) => !row.enabled || !row.forced).map((row) => row.table);

    expect(result.rows.length).toBeGreaterThan(10);
    expect(notForced).toEqual([]);
  });

  it("gives every table with tenant_id the tenant policy", async () => {
    const result = await test.owner.query(`
      select c.table_name as table
        from information_schema.columns c
       where c.table_schema = 'public' and c.column_name = 'tenant_id'
         and not exists (
           select 1 from pg_policies p
            where p.schemaname = 'public' and p.tablename = c.table_name and p.policyname = 'tenant_isolation'
              and p.cmd = 'ALL' and p.roles = '{callflow_app}'
              and p.qual like '%tenant_id = (NULLIF(current_setting(''app.tenant_id''::text, true), ''''::text))::uuid%'
              and p.with_check = p.qual)
       order by 1`);

    expect(result.rows.map((row) => row.table)).toEqual([]);
  });
});
