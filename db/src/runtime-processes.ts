import { and, eq, ne, sql } from "drizzle-orm";

import { InvalidInputError } from "./errors.js";
import type { Orm, Transaction } from "./orm.js";
import { runAsPlatform } from "./platform/run-as-platform.js";
import { runtimeProcesses } from "./schema/call-slots.js";
import type { ChannelKind } from "./schema/values.js";
import { assertUuid } from "./uuid.js";

const RECONCILER = { kind: "system", name: "call-slot-reconciler" } as const;

/** A runtime process as it registers itself. */
export interface RuntimeProcessIdentity {
  id: string;
  /** Host name, as `os.hostname()` returns it. */
  host: string;
  pid: number;
}

/** Slots that reconciliation gave back for one tenant and channel kind. */
export interface ReleasedCallSlots {
  tenantId: string;
  channel: ChannelKind;
  released: number;
}

/** Options of reconcileCallSlots. */
export interface ReconcileOptions {
  /** The process that reconciles; its own holds are never released. */
  selfId: string;
  /** A process whose last heartbeat is older than this many milliseconds counts as dead. */
  staleAfterMs: number;
  /** Host name of the reconciling process, for the process-id check. */
  host: string;
  /**
   * Returns whether a process id on `host` is running. Processes of that host whose id is not
   * running count as dead at once, without waiting for their heartbeat to go stale.
   */
  isRunning: (pid: number) => boolean;
}

/** Registers a runtime process, so that its call slots can be reconciled when it dies. */
export async function registerRuntimeProcess(orm: Orm, masterKey: Buffer, identity: RuntimeProcessIdentity): Promise<void> {
  assertUuid(identity.id, "id");
  if (!Number.isInteger(identity.pid) || identity.pid <= 0) {
    throw new InvalidInputError("pid", `expected a positive integer process id, got ${identity.pid}`);
  }

  await runAsPlatform(orm, masterKey, RECONCILER, ({ tx }) =>
    tx
      .insert(runtimeProcesses)
      .values({ id: identity.id, host: identity.host, pid: identity.pid })
      .onConflictDoUpdate({ target: runtimeProcesses.id, set: { heartbeatAt: sql`now()` } }),
  );
}

/**
 * Records that a runtime process is alive. Returns false when its row was gone, which means
 * another process reconciled it as dead and released its slots; the row is then created again.
 */
export async function heartbeatRuntimeProcess(orm: Orm, masterKey: Buffer, identity: RuntimeProcessIdentity): Promise<boolean> {
  assertUuid(identity.id, "id");

  return runAsPlatform(orm, masterKey, RECONCILER, async ({ tx }) => {
    const updated = await tx.update(runtimeProcesses).set({ heartbeatAt: sql`now()` }).where(eq(runtimeProcesses.id, identity.id)).returning({ id: runtimeProcesses.id });

    if (updated.length === 1) {
      return true;
    }
    await tx.insert(runtimeProcesses).values({ id: identity.id, host: identity.host, pid: identity.pid }).onConflictDoNothing();
    return false;
  });
}

/** Deletes a runtime process's row and gives back the slots it still holds, as at a clean stop. */
export async function unregisterRuntimeProcess(orm: Orm, masterKey: Buffer, processId: string): Promise<ReleasedCallSlots[]> {
  assertUuid(processId, "processId");

  return runAsPlatform(orm, masterKey, RECONCILER, (platform) => releaseHolds(platform.tx, [processId], undefined, platform.audit.bind(platform)));
}

/**
 * Gives back the call slots of dead runtime processes: those whose heartbeat is older than
 * `staleAfterMs`, those on this host whose process id is not running, and holds of processes
 * that have no row any more. Each release is subtracted from `call_slot_counters` and written to
 * the audit log. Concurrent reconcilers do not release a hold twice, because each deletes the
 * hold rows it subtracts, and a second one skips rows deleted meanwhile.
 */
export async function reconcileCallSlots(orm: Orm, masterKey: Buffer, options: ReconcileOptions): Promise<ReleasedCallSlots[]> {
  assertUuid(options.selfId, "selfId");

  return runAsPlatform(orm, masterKey, RECONCILER, async (platform) => {
    const sameHost = await platform.tx
      .select({ id: runtimeProcesses.id, pid: runtimeProcesses.pid })
      .from(runtimeProcesses)
      .where(and(eq(runtimeProcesses.host, options.host), ne(runtimeProcesses.id, options.selfId)));
    const stoppedIds = sameHost.filter((row) => !options.isRunning(row.pid)).map((row) => row.id);
    const stale = await platform.tx
      .delete(runtimeProcesses)
      .where(and(ne(runtimeProcesses.id, options.selfId), sql`${runtimeProcesses.heartbeatAt} < now() - make_interval(secs => ${options.staleAfterMs / 1000})`))
      .returning({ id: runtimeProcesses.id });
    const deadIds = [...new Set([...stoppedIds, ...stale.map((row) => row.id)])];

    return releaseHolds(platform.tx, deadIds, options.selfId, platform.audit.bind(platform));
  });
}

type Audit = (action: string, tenantId: string | null, details: Record<string, unknown>) => Promise<void>;

// Releases the holds of `deadIds` and, with `orphansExcept`, also those of processes without a
// row, other than that one.
async function releaseHolds(tx: Transaction, deadIds: string[], orphansExcept: string | undefined, audit: Audit): Promise<ReleasedCallSlots[]> {
  const deadList = sql`array[${sql.join(
    deadIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const orphans = sql`(${orphansExcept !== undefined} and h.process_id <> ${orphansExcept ?? null}::uuid
    and not exists (select 1 from runtime_processes p where p.id = h.process_id))`;

  // Locks the counters before the holds, in the order acquireCallSlot takes them, and in a fixed
  // order across counters, so that reconciliation deadlocks neither with calls nor with itself.
  await tx.execute(sql`
    select 1 from call_slot_counters c
     where (c.tenant_id, c.channel) in (select h.tenant_id, h.channel from call_slot_holds h where h.process_id = any(${deadList}) or ${orphans})
     order by c.tenant_id, c.channel
       for update`);
  const result = await tx.execute<{ tenant_id: string; channel: ChannelKind; released: string; process_ids: string[] }>(sql`
    with removed as (
      delete from runtime_processes where id = any(${deadList})
    ), freed as (
      delete from call_slot_holds h
       where h.process_id = any(${deadList}) or ${orphans}
      returning h.tenant_id, h.channel, h.process_id, h.in_use
    ), summed as (
      select tenant_id, channel, sum(in_use) as released, array_agg(process_id::text) as process_ids
        from freed group by tenant_id, channel
    ), counted as (
      update call_slot_counters c
         set in_use = greatest(c.in_use - s.released, 0), updated_at = now()
        from summed s
       where c.tenant_id = s.tenant_id and c.channel = s.channel
    )
    select tenant_id, channel, released, process_ids from summed where released > 0`);
  const released = result.rows.map((row) => ({ tenantId: row.tenant_id, channel: row.channel, released: Number(row.released) }));

  for (const [index, row] of result.rows.entries()) {
    await audit("call-slots.reconcile", row.tenant_id, { channel: row.channel, released: released[index].released, processIds: row.process_ids });
  }
  return released;
}
