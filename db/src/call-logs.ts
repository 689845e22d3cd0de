import { asc, desc, eq, sql } from "drizzle-orm";

import { callRecords, callTraceEvents } from "./schema/calls.js";
import type { CallOutcome, ChannelKind } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import type { StoredTraceEvent } from "./traces.js";
import { assertUuid } from "./uuid.js";

/** A call record as the runtime writes it when a call starts, or whole when it has ended. */
export interface NewCallRecord {
  id: string;
  channel: ChannelKind;
  caller: string | null;
  called: string | null;
  flowId: string | null;
  flowVersion: number | null;
  startedAt: Date;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  outcome?: CallOutcome | null;
}

/** The end of a call whose record was written at its start. */
export interface CallRecordEnd {
  id: string;
  endedAt: Date;
  outcome: CallOutcome;
}

/** A trace event with the call it belongs to, for writing several calls' events at once. */
export interface CallTraceEventRow extends StoredTraceEvent {
  callId: string;
}

/** A call record as read back. */
export interface CallRecordRow {
  id: string;
  channel: ChannelKind;
  caller: string | null;
  called: string | null;
  flowId: string | null;
  flowVersion: number | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  outcome: CallOutcome | null;
  durationMs: number | null;
}

// Rows per INSERT statement. Trace rows have 8 columns, and PostgreSQL takes at most 65,535
// bind parameters in one statement.
const ROWS_PER_INSERT = 4000;

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];

  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) result.push(rows.slice(i, i + ROWS_PER_INSERT));
  return result;
}

/**
 * Inserts call records of the scope's tenant. A record whose id exists already is left as it is,
 * so a batch that is retried after a lost commit does not fail.
 */
export async function insertCallRecords({ tx, tenantId }: TenantScope, records: readonly NewCallRecord[]): Promise<void> {
  for (const batch of chunks(records)) {
    await tx
      .insert(callRecords)
      .values(batch.map((record) => ({ ...record, tenantId })))
      .onConflictDoNothing({ target: callRecords.id });
  }
}

/** Sets the end time and outcome of call records written at their start, in one statement. */
export async function finishCallRecords({ tx }: TenantScope, ends: readonly CallRecordEnd[]): Promise<void> {
  if (ends.length === 0) return;

  const rows = JSON.stringify(ends.map((end) => ({ id: end.id, ended_at: end.endedAt.toISOString(), outcome: end.outcome })));
  await tx.execute(sql`
    update call_records c
       set ended_at = v.ended_at, outcome = v.outcome
      from json_to_recordset(${rows}::json) as v(id uuid, ended_at timestamptz, outcome text)
     where c.id = v.id`);
}

/**
 * Appends trace events of several calls of the scope's tenant. Each call's record must exist.
 * An event whose (call, seq) exists already is skipped, so a retried batch does not fail.
 */
export async function appendCallTraceEvents({ tx, tenantId }: TenantScope, events: readonly CallTraceEventRow[]): Promise<void> {
  for (const batch of chunks(events)) {
    await tx
      .insert(callTraceEvents)
      .values(batch.map((event) => ({ ...event, tenantId })))
      .onConflictDoNothing({ target: [callTraceEvents.callId, callTraceEvents.seq] });
  }
}

const recordColumns = {
  id: callRecords.id,
  channel: callRecords.channel,
  caller: callRecords.caller,
  called: callRecords.called,
  flowId: callRecords.flowId,
  flowVersion: callRecords.flowVersion,
  startedAt: callRecords.startedAt,
  answeredAt: callRecords.answeredAt,
  endedAt: callRecords.endedAt,
  outcome: callRecords.outcome,
  durationMs: callRecords.durationMs,
};

/** Returns a call record of the scope's tenant, or null. */
export async function getCallRecord({ tx }: TenantScope, id: string): Promise<CallRecordRow | null> {
  assertUuid(id, "id");

  const [record] = await tx.select(recordColumns).from(callRecords).where(eq(callRecords.id, id));
  return record ?? null;
}

/** Returns the tenant's most recent call records, newest first. */
export async function listCallRecords({ tx }: TenantScope, options: { limit?: number } = {}): Promise<CallRecordRow[]> {
  return tx
    .select(recordColumns)
    .from(callRecords)
    .orderBy(desc(callRecords.startedAt), asc(callRecords.id))
    .limit(options.limit ?? 100);
}
