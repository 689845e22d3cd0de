import { asc, desc, eq, sql } from "drizzle-orm";

import { callRecords } from "./schema/calls.js";
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
  answeredAt?: Date | null;
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

// Rows per INSERT statement, which sends them as one JSON parameter: a bound parameter per
// column would be slower to build and is limited to 65,535 per statement.
const ROWS_PER_INSERT = 5000;

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];

  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) result.push(rows.slice(i, i + ROWS_PER_INSERT));
  return result;
}

const isoOrNull = (date: Date | null | undefined) => date?.toISOString() ?? null;

/**
 * Inserts call records of the scope's tenant. A record whose id exists already is left as it is,
 * so a batch that is retried after a lost commit does not fail.
 */
export async function insertCallRecords({ tx, tenantId }: TenantScope, records: readonly NewCallRecord[]): Promise<void> {
  for (const batch of chunks(records)) {
    const rows = batch.map((record) => ({
      id: record.id,
      channel: record.channel,
      caller: record.caller,
      called: record.called,
      flow_id: record.flowId,
      flow_version: record.flowVersion,
      started_at: record.startedAt.toISOString(),
      answered_at: isoOrNull(record.answeredAt),
      ended_at: isoOrNull(record.endedAt),
      outcome: record.outcome ?? null,
    }));

    await tx.execute(sql`
      insert into call_records (tenant_id, id, channel, caller, called, flow_id, flow_version, started_at, answered_at, ended_at, outcome)
      select ${tenantId}::uuid, r.id, r.channel, r.caller, r.called, r.flow_id, r.flow_version, r.started_at, r.answered_at, r.ended_at, r.outcome
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(
          id uuid, channel text, caller text, called text, flow_id uuid, flow_version integer,
          started_at timestamptz, answered_at timestamptz, ended_at timestamptz, outcome text)
      on conflict (id) do nothing`);
  }
}

/** Sets the answered time, end time and outcome of call records written at their start, in one statement. */
export async function finishCallRecords({ tx }: TenantScope, ends: readonly CallRecordEnd[]): Promise<void> {
  if (ends.length === 0) return;

  const rows = JSON.stringify(ends.map((end) => ({ id: end.id, answered_at: isoOrNull(end.answeredAt), ended_at: end.endedAt.toISOString(), outcome: end.outcome })));
  await tx.execute(sql`
    update call_records c
       set answered_at = coalesce(v.answered_at, c.answered_at), ended_at = v.ended_at, outcome = v.outcome
      from json_to_recordset(${rows}::json) as v(id uuid, answered_at timestamptz, ended_at timestamptz, outcome text)
     where c.id = v.id`);
}

/**
 * Appends trace events of several calls of the scope's tenant. Each call's record must exist.
 * An event whose (call, seq) exists already is skipped, so a retried batch does not fail.
 */
export async function appendCallTraceEvents({ tx, tenantId }: TenantScope, events: readonly CallTraceEventRow[]): Promise<void> {
  for (const batch of chunks(events)) {
    const rows = batch.map((event) => ({
      call_id: event.callId,
      seq: event.seq,
      at: event.at.toISOString(),
      type: event.type,
      node_id: event.nodeId,
      schema_version: event.schemaVersion,
      data: event.data,
    }));

    await tx.execute(sql`
      insert into call_trace_events (tenant_id, call_id, seq, at, type, node_id, schema_version, data)
      select ${tenantId}::uuid, r.call_id, r.seq, r.at, r.type, r.node_id, r.schema_version, r.data
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(
          call_id uuid, seq integer, at timestamptz, type text, node_id text, schema_version integer, data jsonb)
      on conflict (call_id, seq) do nothing`);
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
