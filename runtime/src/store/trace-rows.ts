import type { StoredTraceEvent } from "@callflow/db";
import type { TraceEvent } from "@callflow/sdk";

// Fields stored in columns of their own, or implied by the row's call.
const COLUMN_FIELDS = ["v", "at", "callId", "type", "nodeId"] as const;

/**
 * Converts a trace event to its stored form: `type`, `nodeId` and the format version get their
 * own columns, and the other fields except `callId` go to `data`.
 */
export function toStoredTraceEvent(seq: number, event: TraceEvent): StoredTraceEvent {
  const data: Record<string, unknown> = { ...event };
  const nodeId = "nodeId" in event ? event.nodeId : null;

  for (const column of COLUMN_FIELDS) delete data[column];
  return { seq, at: new Date(event.at), type: event.type, nodeId, schemaVersion: event.v, data };
}

/** Rebuilds a trace event from its stored form, with the call id it is read under. */
export function fromStoredTraceEvent(callId: string, stored: StoredTraceEvent): TraceEvent {
  const nodeId = stored.nodeId === null ? {} : { nodeId: stored.nodeId };

  return { v: stored.schemaVersion, at: stored.at.getTime(), callId, type: stored.type, ...nodeId, ...stored.data } as TraceEvent;
}
