import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";

import { callRecords, callTraceEvents, type RecordingReference } from "./schema/calls.js";
import type { CallOutcome, ChannelKind } from "./schema/values.js";
import type { StoredTraceEvent } from "./traces.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** Filters of searchCallRecords; every one given must match. */
export interface CallRecordFilter {
  /** Calls that started at or after this time. */
  startedFrom?: Date;
  /** Calls that started before this time. */
  startedBefore?: Date;
  flowId?: string;
  outcome?: CallOutcome;
  channel?: ChannelKind;
  caller?: string;
  called?: string;
}

/** A call record as lists show it. */
export interface CallRecordSummary {
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

/** A call record with the values the flow collected and the recordings. */
export interface CallRecordDetail extends CallRecordSummary {
  variables: Record<string, unknown>;
  recordings: RecordingReference[];
}

const summaryColumns = {
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

function filterConditions(filter: CallRecordFilter): (SQL | undefined)[] {
  if (filter.flowId !== undefined) assertUuid(filter.flowId, "flowId");

  return [
    filter.startedFrom && gte(callRecords.startedAt, filter.startedFrom),
    filter.startedBefore && lt(callRecords.startedAt, filter.startedBefore),
    filter.flowId === undefined ? undefined : eq(callRecords.flowId, filter.flowId),
    filter.outcome === undefined ? undefined : eq(callRecords.outcome, filter.outcome),
    filter.channel === undefined ? undefined : eq(callRecords.channel, filter.channel),
    filter.caller === undefined ? undefined : eq(callRecords.caller, filter.caller),
    filter.called === undefined ? undefined : eq(callRecords.called, filter.called),
  ];
}

/**
 * Returns one page of the scope's call records that match `filter`, newest first, and the id to
 * pass as `after` for the next page (null on the last page). Paging is by (start time, id) of
 * the record named by `after`, compared in SQL because a JavaScript Date drops the microseconds
 * of the stored times. An `after` of another tenant matches no row, so its page is empty.
 */
export async function searchCallRecords(
  scope: TenantScope,
  filter: CallRecordFilter,
  page: { limit: number; after?: string },
): Promise<{ items: CallRecordSummary[]; nextAfter: string | null }> {
  const conditions = filterConditions(filter);

  if (page.after !== undefined) {
    assertUuid(page.after, "after");
    const cursor = sql`(select c.started_at, c.id from call_records c where c.id = ${page.after})`;
    conditions.push(sql`(${callRecords.startedAt}, ${callRecords.id}) < ${cursor}`);
  }

  const rows = await scope.tx
    .select(summaryColumns)
    .from(callRecords)
    .where(and(...conditions))
    .orderBy(desc(callRecords.startedAt), desc(callRecords.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);

  return { items, nextAfter: rows.length > page.limit ? items[items.length - 1].id : null };
}

/** Returns a call record with its variables and recordings, or null when the scope has none with this id. */
export async function getCallRecordDetail(scope: TenantScope, callId: string): Promise<CallRecordDetail | null> {
  assertUuid(callId, "callId");

  const [record] = await scope.tx
    .select({ ...summaryColumns, variables: callRecords.variables, recordings: callRecords.recordings })
    .from(callRecords)
    .where(eq(callRecords.id, callId));

  return record ?? null;
}

/** Returns up to `limit` trace events of a call after sequence number `afterSeq`, in order, optionally of some types only. */
export async function listTraceEventPage(
  scope: TenantScope,
  callId: string,
  page: { afterSeq?: number; limit: number; types?: readonly string[] },
): Promise<StoredTraceEvent[]> {
  assertUuid(callId, "callId");

  return scope.tx
    .select({
      seq: callTraceEvents.seq,
      at: callTraceEvents.at,
      type: callTraceEvents.type,
      nodeId: callTraceEvents.nodeId,
      schemaVersion: callTraceEvents.schemaVersion,
      data: callTraceEvents.data,
    })
    .from(callTraceEvents)
    .where(
      and(
        eq(callTraceEvents.callId, callId),
        page.afterSeq === undefined ? undefined : gt(callTraceEvents.seq, page.afterSeq),
        page.types === undefined || page.types.length === 0 ? undefined : inArray(callTraceEvents.type, [...page.types]),
      ),
    )
    .orderBy(asc(callTraceEvents.seq))
    .limit(page.limit);
}
