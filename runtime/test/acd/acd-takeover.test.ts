import { openDatabase, type CallflowDatabase } from "@callflow/db";
import { VirtualClock } from "@callflow/sdk";

import { startAcdOwner, type AcdOwner } from "../../src/acd/acd-owner.js";
import { createTenant, type TenantFixture } from "../store/support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "../store/support/test-postgres.js";
import { exited, firstLine, forkTypeScript } from "../store/support/typescript-child.js";
import { setUpSupportQueue } from "./support/support-queue.js";

jest.setTimeout(60_000);

const CALLS = 25;
let database: StoreTestDatabase;
let db: CallflowDatabase;
let tenant: TenantFixture;
let tearingDown = false;

beforeAll(async () => {
  database = await createStoreTestDatabase();
  // Stopping the server at the end of drop() can reach a pooled connection that is still
  // closing, which then reports 57P01 (terminated by the administrator). Any other error, or
  // that one during the tests, fails the run.
  database.owner.on("error", (error) => {
    if (!(tearingDown && (error as { code?: string }).code === "57P01")) throw error;
  });
  db = openDatabase({ url: database.url, masterKey: database.masterKey });
  tenant = await createTenant(db, "acd-takeover");
});

afterAll(async () => {
  tearingDown = true;
  await db.close();
  await database.drop();
});

async function connectedCounts(): Promise<Map<string, number>> {
  const result = await database.owner.query<{ call_id: string; count: number }>(
    "select data->>'callId' as call_id, count(*)::int as count from acd_events where tenant_id = $1 and type = 'call.connected' group by 1",
    [tenant.tenantId],
  );

  return new Map(result.rows.map((row) => [row.call_id, row.count]));
}

// Accepts every offer and ends every call of agents 2 and 3 until no call waits.
function serveWaitingCalls(owner: AcdOwner): void {
  const { engine } = owner;

  for (let round = 0; round < CALLS * 2 && engine.state.queues.get("support")!.waiting + countReserved(owner) > 0; round++) {
    for (const id of ["agent-2", "agent-3"]) {
      const agent = engine.state.agents.get(id)!;

      if (agent.state === "reserved") engine.accept(id, agent.callId!);
      if (agent.state === "on-call") engine.endCall(id);
    }
  }
}

function countReserved(owner: AcdOwner): number {
  return [...owner.engine.state.agents.values()].filter((agent) => agent.state === "reserved").length;
}

describe("ACD ownership", () => {
  test("standby takes over a killed owner", async () => {
    const child = forkTypeScript(require.resolve("./support/acd-owner-worker.ts"), [database.url, database.masterKey.toString("base64"), tenant.tenantId, String(CALLS)]);
    const before = JSON.parse(await firstLine(child)) as { lastSeq: number; waiting: number };
    let standbyOwns = false;
    const standby = startAcdOwner({ db, url: database.url, tenantId: tenant.tenantId, clock: new VirtualClock(Date.now()), lockRetryMs: 25 }).then((owner) => {
      standbyOwns = true;
      return owner;
    });
    const locks = await database.owner.query<{ count: number }>("select count(*)::int as count from pg_locks where locktype = 'advisory' and granted");
    const ownedWhileChildLived = standbyOwns;

    child.kill("SIGKILL");
    await exited(child);
    const owner = await standby;
    const stateAfterTakeover = {
      replayed: owner.replayedEvents,
      waiting: owner.engine.state.queues.get("support")!.waiting,
      agent1: owner.engine.state.agents.get("agent-1")!.state,
    };
    owner.engine.setReady("agent-2");
    owner.engine.setReady("agent-3");
    serveWaitingCalls(owner);
    await owner.stop();
    const connected = await connectedCounts();

    expect(before.waiting).toBe(CALLS - 1);
    expect(locks.rows[0].count).toBe(1);
    expect(ownedWhileChildLived).toBe(false);
    expect(stateAfterTakeover).toEqual({ replayed: before.lastSeq, waiting: CALLS - 1, agent1: "on-call" });
    expect(connected.size).toBe(CALLS);
    expect([...connected.values()].every((count) => count === 1)).toBe(true);
  });

  test("rebuild matches the owner's state", async () => {
    const other = await createTenant(db, "acd-rebuild");
    const first = await startAcdOwner({ db, url: database.url, tenantId: other.tenantId, clock: new VirtualClock(Date.now()) });
    setUpSupportQueue(first.engine);
    first.engine.login("agent-1", { ready: true });
    first.engine.login("agent-2", { ready: true });
    for (let index = 0; index < 5; index++) first.engine.enqueue({ id: `call-${index}`, queue: "support", caller: `09120000${index}` });
    first.engine.accept("agent-1", "call-0");
    first.engine.setSkill("agent-2", "billing", 3, { temporary: true });
    await first.stop();

    const second = await startAcdOwner({ db, url: database.url, tenantId: other.tenantId, clock: new VirtualClock(Date.now()) });
    const agents = [...second.engine.state.agents.values()].map((agent) => [agent.id, agent.state, agent.callId, Object.fromEntries(agent.skills)]);
    await second.stop();

    expect(agents).toEqual([
      ["agent-1", "on-call", "call-0", { support: 5 }],
      ["agent-2", "reserved", "call-1", { support: 5, billing: 3 }],
      ["agent-3", "logged-out", undefined, { support: 5 }],
    ]);
  });

  test("tenants never read each other's events", async () => {
    const stranger = await createTenant(db, "acd-stranger");

    const owner = await startAcdOwner({ db, url: database.url, tenantId: stranger.tenantId, clock: new VirtualClock(Date.now()) });
    const replayed = owner.replayedEvents;
    await owner.stop();

    expect(replayed).toBe(0);
  });
});
