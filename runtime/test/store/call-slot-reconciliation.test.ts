import path from "node:path";

import { openDatabase } from "@callflow/db";

import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { createTenant } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";
import { exited, firstLine, forkTypeScript } from "./support/typescript-child.js";

jest.setTimeout(60_000);

let database: StoreTestDatabase;

beforeAll(async () => {
  database = await createStoreTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function pstnInUse(tenantId: string): Promise<number> {
  const result = await database.owner.query("select in_use from call_slot_counters where tenant_id = $1 and channel = 'pstn'", [tenantId]);

  return result.rows[0].in_use as number;
}

async function holdsOf(processId: string): Promise<number> {
  const result = await database.owner.query("select coalesce(sum(in_use), 0)::int as held from call_slot_holds where process_id = $1", [processId]);

  return result.rows[0].held as number;
}

/** Creates a tenant through a pool of its own, which registers no runtime process. */
async function createTenantWithoutStore(name: string): Promise<string> {
  const arranging = openDatabase({ url: database.url, masterKey: database.masterKey });
  const tenant = await createTenant(arranging, name, { maxPstnCalls: 5 });

  await arranging.close();
  return tenant.tenantId;
}

/** Starts a runtime process that takes `calls` slots of the tenant and keeps them. */
async function startSlotHolder(tenantId: string, calls: number) {
  const child = forkTypeScript(path.join(__dirname, "support", "slot-holder-worker.ts"), [database.url, database.masterKey.toString("base64"), tenantId, String(calls)]);
  const report = JSON.parse(await firstLine(child)) as { processId: string; admitted: number };

  return { child, ...report };
}

async function waitFor(condition: () => Promise<boolean>, description: string): Promise<void> {
  const deadline = Date.now() + 20_000;

  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("call slot reconciliation", () => {
  let survivor: RuntimeStore | undefined;

  afterEach(async () => {
    await survivor?.close();
    survivor = undefined;
  });

  it("releases a killed process's slots at start", async () => {
    const tenantId = await createTenantWithoutStore("Killed Holder Bank");
    const holder = await startSlotHolder(tenantId, 3);
    const heldBefore = await pstnInUse(tenantId);

    holder.child.kill("SIGKILL");
    await exited(holder.child);
    survivor = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });

    expect(holder.admitted).toBe(3);
    expect(heldBefore).toBe(3);
    expect(await pstnInUse(tenantId)).toBe(0);
    expect(await holdsOf(holder.processId)).toBe(0);
  });

  it("keeps a live process's slots", async () => {
    const tenantId = await createTenantWithoutStore("Live Holder Bank");
    const holder = await startSlotHolder(tenantId, 2);

    survivor = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
    const released = await survivor.reconciler.reconcile();
    holder.child.kill("SIGKILL");
    await exited(holder.child);

    expect(released).toBe(0);
    expect(await holdsOf(holder.processId)).toBe(2);
  });

  it("releases slots when a heartbeat stops", async () => {
    survivor = await openRuntimeStore({ url: database.url, masterKey: database.masterKey, reconciler: { intervalMs: 100, staleAfterMs: 400 } });
    const tenant = await createTenant(survivor.db, "Silent Holder Bank", { maxPstnCalls: 5 });
    // A pool of this same process: its process id stays alive, so only the stale heartbeat
    // shows that it died. It is closed without giving its slots back.
    const silent = openDatabase({ url: database.url, masterKey: database.masterKey });
    await silent.registerProcess();
    await silent.acquireCallSlot(tenant.tenantId, "pstn");
    await silent.acquireCallSlot(tenant.tenantId, "pstn");
    await silent.close();
    const heldBefore = await pstnInUse(tenant.tenantId);

    await waitFor(async () => (await pstnInUse(tenant.tenantId)) === 0, "the silent pool's slots are released");

    expect(heldBefore).toBe(2);
    expect(await holdsOf(silent.process.id)).toBe(0);
  });

  it("gives back its own slots at a clean stop", async () => {
    const store = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
    const tenant = await createTenant(store.db, "Clean Stop Bank", { maxPstnCalls: 5 });
    await store.db.acquireCallSlot(tenant.tenantId, "pstn");

    await store.close();

    expect(await pstnInUse(tenant.tenantId)).toBe(0);
  });

  it("takes and gives back slots concurrently", async () => {
    const store = await openRuntimeStore({ url: database.url, masterKey: database.masterKey, maxConnections: 10 });
    const tenant = await createTenant(store.db, "Busy Slots Bank", { maxPstnCalls: 100 });
    const cycle = async () => {
      for (let index = 0; index < 20; index++) {
        await store.db.acquireCallSlot(tenant.tenantId, "pstn");
        await store.db.releaseCallSlot(tenant.tenantId, "pstn");
      }
    };

    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, cycle));
    const inUse = await pstnInUse(tenant.tenantId);
    const held = await holdsOf(store.db.process.id);
    await store.close();

    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(inUse).toBe(0);
    expect(held).toBe(0);
  });

  it("audits each release", async () => {
    const tenantId = await createTenantWithoutStore("Audited Holder Bank");
    const holder = await startSlotHolder(tenantId, 1);

    holder.child.kill("SIGKILL");
    await exited(holder.child);
    survivor = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
    const audit = await database.owner.query("select actor_id, details from audit_log where tenant_id = $1 and action = 'call-slots.reconcile'", [tenantId]);

    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].actor_id).toBe("call-slot-reconciler");
    expect(audit.rows[0].details).toEqual({ channel: "pstn", released: 1, processIds: [holder.processId] });
  });
});

