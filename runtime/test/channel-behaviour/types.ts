import type { CallEndReason, FlowDocumentInput, TraceEvent } from "@callflow/sdk";

export type { FlowDocumentInput, TraceEvent };
export type SessionResultReason = CallEndReason;
