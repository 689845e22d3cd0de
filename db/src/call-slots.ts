import { sql } from "drizzle-orm";

import { NotFoundError } from "./errors.js";
import type { Orm } from "./orm.js";
import { CHANNEL_KINDS, type ChannelKind, type TenantStatus } from "./schema/values.js";
import { runAsTenant } from "./tenant-scope.js";

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

interface AcquireRow extends Record<string, unknown> {
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
 * Takes one concurrent-call slot of `channel` for the tenant, or counts a refusal when the
 * tenant is at its quota or suspended.
 *
 * The decision is one UPDATE whose WHERE clause compares the counter with the limit. Concurrent
 * callers, in this process or others, queue on the counter row's lock, and each re-checks the
 * condition against the row as the previous one committed it (READ COMMITTED), so no more than
 * the limit are ever admitted. The second CTE counts the refusal in the same statement; it
 * touches the row only when the first updated nothing.
 *
 * NOTE: a process that dies while holding slots leaks them, because nothing decrements `in_use`
 * for it. The runtime has to reconcile the counters with its live calls on start.
 */
export async function acquireCallSlot(orm: Orm, masterKey: Buffer, tenantId: string, channel: ChannelKind): Promise<CallSlotResult> {
  assertChannel(channel);

  const row = await runAsTenant(orm, masterKey, tenantId, async ({ tx }) => {
    const result = await tx.execute<AcquireRow>(sql`
      with admitted as (
        update call_slot_counters c
           set in_use = c.in_use + 1, updated_at = now()
          from tenants t
         where c.tenant_id = ${tenantId} and c.channel = ${channel} and t.id = c.tenant_id
           and t.status = 'active' and c.in_use < ${LIMIT_OF_CHANNEL}
        returning c.in_use
      ), refused as (
        update call_slot_counters c
           set refused_total = c.refused_total + 1, updated_at = now()
          from tenants t
         where c.tenant_id = ${tenantId} and c.channel = ${channel} and t.id = c.tenant_id
           and not exists (select 1 from admitted)
        returning c.in_use, ${LIMIT_OF_CHANNEL} as "limit", t.status
      )
      select (select in_use from admitted) as admitted_in_use,
             (select in_use from refused) as refused_in_use,
             (select "limit" from refused) as refused_limit,
             (select status from refused) as refused_status`);

    return result.rows[0];
  });

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
 * Gives back a slot that acquireCallSlot admitted. Returns false when the counter was already
 * at zero, which means a slot was released twice.
 */
export async function releaseCallSlot(orm: Orm, masterKey: Buffer, tenantId: string, channel: ChannelKind): Promise<boolean> {
  assertChannel(channel);

  return runAsTenant(orm, masterKey, tenantId, async ({ tx }) => {
    const result = await tx.execute(sql`
      update call_slot_counters
         set in_use = in_use - 1, updated_at = now()
       where tenant_id = ${tenantId} and channel = ${channel} and in_use > 0`);

    return result.rowCount === 1;
  });
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
