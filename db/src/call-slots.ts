import { sql } from "drizzle-orm";
import type pg from "pg";

import { NotFoundError } from "./errors.js";
import { runInOneRoundTrip } from "./one-round-trip.js";
import type { Orm } from "./orm.js";
import { APP_ROLE_NAME } from "./schema/roles.js";
import { CHANNEL_KINDS, type ChannelKind, type TenantStatus } from "./schema/values.js";
import { runAsTenant } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** The outcome of acquireCallSlot. */
export type CallSlotResult =
  | { admitted: true; inUse: number }
  | { admitted: false; reason: "quota-reached" | "tenant-suspended"; inUse: number; limit: number };

/** Slots of one channel kind of a tenant. */
export interface CallSlotUsage {
  channel: ChannelKind;
  inUse: number;
  limit: number;
  refusedTotal: number;
}

// The quota column of `tenants` that limits each channel kind.
const LIMIT_OF_CHANNEL = sql`case c.channel when 'pstn' then t.max_pstn_calls when 'web' then t.max_web_calls when 'test' then t.max_test_calls end`;
const LIMIT_OF_CHANNEL_TEXT = "case c.channel when 'pstn' then t.max_pstn_calls when 'web' then t.max_web_calls when 'test' then t.max_test_calls end";

interface AcquireRow {
  admitted_in_use: number | null;
  refused_in_use: number | null;
  refused_limit: number | null;
  refused_status: TenantStatus | null;
}

function assertChannel(channel: ChannelKind): void {
  if (!CHANNEL_KINDS.includes(channel)) {
    throw new RangeError(`unknown channel kind ${String(channel)}; expected one of ${CHANNEL_KINDS.join(", ")}`);
  }
}

/**
 * Runs the slot statements in a transaction of the tenant as the application role, in one round
 * trip. With `asynchronousCommit`, the commit does not wait for the write-ahead log to reach the
 * disk.
 */
function runSlotTransaction(pool: pg.Pool, tenantId: string, statements: string[], asynchronousCommit: boolean): Promise<pg.QueryResult> {
  const settings = [`role ${APP_ROLE_NAME}`, `app.tenant_id = '${tenantId}'`, ...(asynchronousCommit ? ["synchronous_commit = off"] : [])];

  return runInOneRoundTrip(pool, settings, statements);
}

/**
 * Takes one concurrent-call slot of `channel` for the tenant on behalf of runtime process
 * `processId`, or counts a refusal when the tenant is at its quota or suspended.
 *
 * The decision is one UPDATE whose WHERE clause compares the counter with the limit. Concurrent
 * callers, in this process or others, queue on the counter row's lock, and each re-checks the
 * condition against the row as the previous one committed it (READ COMMITTED), so no more than
 * the limit are ever admitted. The same statement adds the slot to the process's row in
 * `call_slot_holds`, and counts a refusal when nothing was admitted.
 *
 * The commit is asynchronous: a database crash may lose the last few slots taken. That errs
 * towards admitting, and the holds stay consistent with the counters because both change in one
 * transaction.
 */
export async function acquireCallSlot(pool: pg.Pool, tenantId: string, channel: ChannelKind, processId: string): Promise<CallSlotResult> {
  assertUuid(tenantId, "tenantId");
  assertUuid(processId, "processId");
  assertChannel(channel);

  const result = await runSlotTransaction(
    pool,
    tenantId,
    [
      `with admitted as (
        update call_slot_counters c
           set in_use = c.in_use + 1, updated_at = now()
          from tenants t
         where c.tenant_id = '${tenantId}' and c.channel = '${channel}' and t.id = c.tenant_id
           and t.status = 'active' and c.in_use < ${LIMIT_OF_CHANNEL_TEXT}
        returning c.in_use
      ), held as (
        insert into call_slot_holds as h (tenant_id, channel, process_id, in_use)
        select '${tenantId}', '${channel}', '${processId}', 1 from admitted
        on conflict (tenant_id, channel, process_id) do update set in_use = h.in_use + 1
        returning h.in_use
      ), refused as (
        update call_slot_counters c
           set refused_total = c.refused_total + 1, updated_at = now()
          from tenants t
         where c.tenant_id = '${tenantId}' and c.channel = '${channel}' and t.id = c.tenant_id
           and not exists (select 1 from admitted)
        returning c.in_use, ${LIMIT_OF_CHANNEL_TEXT} as "limit", t.status
      )
      select (select in_use from admitted) as admitted_in_use,
             (select in_use from refused) as refused_in_use,
             (select "limit" from refused) as refused_limit,
             (select status from refused) as refused_status`,
    ],
    true,
  );
  const row = result.rows[0] as AcquireRow;

  if (row.admitted_in_use !== null) {
    return { admitted: true, inUse: row.admitted_in_use };
  }
  if (row.refused_in_use === null || row.refused_limit === null) {
    throw new NotFoundError("call slot counter", `${tenantId}/${channel}`);
  }
  return {
    admitted: false,
    reason: row.refused_status === "active" ? "quota-reached" : "tenant-suspended",
    inUse: row.refused_in_use,
    limit: row.refused_limit,
  };
}

/**
 * Gives back a slot that acquireCallSlot admitted for `processId`. Returns false when that
 * process held no slot of the kind, which means a slot was released twice or reconciliation
 * already released it; the counter is then left alone.
 */
export async function releaseCallSlot(pool: pg.Pool, tenantId: string, channel: ChannelKind, processId: string): Promise<boolean> {
  assertUuid(tenantId, "tenantId");
  assertUuid(processId, "processId");
  assertChannel(channel);

  const result = await runSlotTransaction(
    pool,
    tenantId,
    [
      // Locks the counter before the hold, in the order acquireCallSlot takes them, so that a
      // release and an acquire of the same process cannot deadlock.
      `select 1 from call_slot_counters where tenant_id = '${tenantId}' and channel = '${channel}' for update`,
      `with unheld as (
        update call_slot_holds
           set in_use = in_use - 1
         where tenant_id = '${tenantId}' and channel = '${channel}' and process_id = '${processId}' and in_use > 0
        returning 1
      ), released as (
        update call_slot_counters
           set in_use = in_use - 1, updated_at = now()
         where tenant_id = '${tenantId}' and channel = '${channel}' and in_use > 0 and exists (select 1 from unheld)
        returning 1
      )
      select (select count(*) from released)::int as released`,
    ],
    false,
  );

  return (result.rows[0] as { released: number }).released === 1;
}

/** Returns the slots in use, limits and refusal totals of each channel kind of a tenant. */
export async function readCallSlotUsage(orm: Orm, masterKey: Buffer, tenantId: string): Promise<CallSlotUsage[]> {
  return runAsTenant(orm, masterKey, tenantId, async ({ tx }) => {
    const result = await tx.execute<{ channel: ChannelKind; in_use: number; limit: number; refused_total: string }>(sql`
      select c.channel, c.in_use, ${LIMIT_OF_CHANNEL} as "limit", c.refused_total
        from call_slot_counters c join tenants t on t.id = c.tenant_id
       order by c.channel`);

    return result.rows.map((row) => ({ channel: row.channel, inUse: row.in_use, limit: row.limit, refusedTotal: Number(row.refused_total) }));
  });
}
