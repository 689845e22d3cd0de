/** Version of the trace event format. Bump it and keep readers of older traces working. */
export const TRACE_VERSION = 1;

/** Placeholder written instead of the value of a sensitive variable. */
export const REDACTED = "[redacted]";

interface TraceBase {
  /** Format version, {@link TRACE_VERSION}. */
  v: 1;
  /** Milliseconds since the Unix epoch on the session's clock. */
  at: number;
  callId: string;
}

/** How a call ended. */
export type CallEndReason =
  | "completed" // the flow reached its end and hung up
  | "hangup" // the caller hung up
  | "error" // an unhandled node error ended the call politely
  | "step-limit" // the session hit its step limit
  | "transferred" // the flow handed the call to the dialplan
  | "aborted"; // the runtime stopped the session (shutdown)

/**
 * One event of a session's trace. Events are enough to replay the caller's input
 * (`input.digit` with times, `input.hangup`) against another version of a flow.
 */
export type TraceEvent =
  | (TraceBase & { type: "call.started"; flow: string; flowVersion?: number; caller: string; called: string })
  | (TraceBase & { type: "node.entered"; nodeId: string; nodeType: string; flow: string })
  | (TraceBase & { type: "node.left"; nodeId: string; port: string; durationMs: number })
  | (TraceBase & { type: "variable.changed"; name: string; value: unknown; sensitive: boolean })
  | (TraceBase & { type: "input.digit"; digit: string })
  | (TraceBase & { type: "input.hangup" })
  | (TraceBase & {
      type: "prompt.played";
      nodeId: string;
      text?: string;
      media?: string;
      language: string;
      outcome: PromptOutcome;
    })
  | (TraceBase & { type: "language.changed"; language: string })
  | (TraceBase & { type: "recording.finished"; nodeId: string; name: string; durationSeconds: number; outcome: "done" | "hangup" | "failed" })
  | (TraceBase & { type: "transfer.finished"; nodeId: string; endpoint: string; outcome: "answered" | "noAnswer" | "busy" | "failed" })
  | (TraceBase & { type: "call.continued"; nodeId: string; context: string; extension: string; priority: number })
  | (TraceBase & { type: "node.error"; nodeId: string; code: string; message: string })
  | (TraceBase & { type: "log"; nodeId: string; level: "debug" | "info" | "warn" | "error"; message: string })
  | (TraceBase & { type: "call.ended"; reason: CallEndReason; steps: number; durationMs: number });

/** Outcome of one prompt: played to the end, stopped by a key (barge-in), or skipped. */
export type PromptOutcome = "played" | "interrupted" | "skipped" | "failed";

/** Distributes `Omit` over the union, so each event keeps its own fields. */
export type TraceEventInput = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, "v" | "at" | "callId"> : never) : never;

/**
 * Where a session writes its trace. The runtime batches events to the database; the CLI keeps
 * them in memory. A sink must not throw.
 */
export interface TraceSink {
  write(event: TraceEvent): void;
}

/** Keeps every event in an array. */
export class MemoryTraceSink implements TraceSink {
  readonly events: TraceEvent[] = [];

  write(event: TraceEvent): void {
    this.events.push(event);
  }
}

/** Counts events and keeps none; for benchmarks and long runs. */
export class CountingTraceSink implements TraceSink {
  count = 0;

  write(): void {
    this.count++;
  }
}
