import { asc, eq } from "drizzle-orm";

import { callTraceEvents } from "./schema/calls.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** One trace event of a call as stored; `data` is the event's payload in the trace format. */
export interface StoredTraceEvent {
  seq: number;
  at: Date;
  type: string;
  nodeId: string | null;
  schemaVersion: number;
  data: Record<string, unknown>;
}

/**
 * Appends a batch of a call's trace events. `seq` comes from the session, which numbers its
 * events from 0, so a batch written twice fails on the primary key instead of duplicating.
 */
export async function appendTraceEvents(scope: TenantScope, callId: string, events: StoredTraceEvent[]): Promise<void> {
  assertUuid(callId, "callId");
  if (events.length === 0) {
    return;
  }

  await scope.tx.insert(callTraceEvents).values(events.map((event) => ({ ...event, tenantId: scope.tenantId, callId })));
}

/** Returns a call's trace events in order. */
export async function listTraceEvents(scope: TenantScope, callId: string): Promise<StoredTraceEvent[]> {
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
    .where(eq(callTraceEvents.callId, callId))
    .orderBy(asc(callTraceEvents.seq));
}
