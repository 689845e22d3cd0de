// Messages between the sandbox (parent process) and its worker processes, sent over Node.js IPC
// as JSON. Values that cross into a script travel as JSON text, so the worker never receives
// the parent's objects.
import type { ScriptLogEntry } from "@callflow/nodes";

/** The limits a worker applies to one run. */
export interface WorkerRunLimits {
  readonly cpuTimeMs: number;
  readonly memoryMb: number;
  readonly maxResultLength: number;
  readonly maxLogEntries: number;
  readonly maxLogLength: number;
  readonly maxHostCalls: number;
}

/** Starts a run. */
export interface RunMessage {
  readonly type: "run";
  readonly id: number;
  readonly tenantId: string;
  /**
   * The call the run belongs to, as a number the parent assigns and never reuses: runs with the
   * same scope share one context until an `end-scope` message releases it. 0 means a context of
   * the run's own.
   */
  readonly scope: number;
  readonly code: string;
  /** JSON text of the inputs object. */
  readonly inputs: string;
  /** Host functions the script may call, as `capability.function` paths. */
  readonly hostFunctions: readonly string[];
  readonly limits: WorkerRunLimits;
  /** Milliseconds since the epoch that the script's `Date` reads at the start of the run. */
  readonly now: number;
}

/** Stops a run whose deadline passed or whose caller hung up. The worker replies `cancelled`. */
export interface CancelMessage {
  readonly type: "cancel";
  readonly id: number;
}

/** The outcome of a host function call: JSON text of the value, or an error message. */
export interface HostResultMessage {
  readonly type: "host-result";
  readonly id: number;
  readonly callId: number;
  readonly ok: boolean;
  readonly payload: string | undefined;
}

/** Releases the context of a call that ended; the worker disposes it once no run uses it. */
export interface EndScopeMessage {
  readonly type: "end-scope";
  readonly tenantId: string;
  readonly scope: number;
}

/** Checks that a quiet worker with runs in flight still responds. It replies `pong`. */
export interface PingMessage {
  readonly type: "ping";
}

export type ParentMessage = RunMessage | CancelMessage | HostResultMessage | EndScopeMessage | PingMessage;

/** The worker loaded isolated-vm and takes runs. */
export interface ReadyMessage {
  readonly type: "ready";
}

/** Microseconds the worker spent on a run: taking a context and loading the code, then running it. */
export type WorkerTiming = readonly [prepareUs: number, runUs: number];

/** A run finished. `value` is JSON text, or undefined when the script returned nothing. */
export interface ResultMessage {
  readonly type: "result";
  readonly id: number;
  readonly value: string | undefined;
  readonly logs: readonly ScriptLogEntry[];
  readonly timing: WorkerTiming;
}

/** A run failed; `code` is a {@link ScriptFailureCode} and `message` is ready to show. */
export interface FailureMessage {
  readonly type: "failure";
  readonly id: number;
  readonly code: string;
  readonly message: string;
  readonly logs: readonly ScriptLogEntry[];
  readonly timing: WorkerTiming;
}

/** The script called a host function. `args` is the JSON text of the argument array. */
export interface HostCallMessage {
  readonly type: "host-call";
  readonly id: number;
  readonly callId: number;
  readonly path: string;
  readonly args: string;
}

/** The worker released a cancelled run, or had already finished it. */
export interface CancelledMessage {
  readonly type: "cancelled";
  readonly id: number;
}

/** Reply to a ping. */
export interface PongMessage {
  readonly type: "pong";
}

/** Messages about one run, which carry its id. */
export type RunReport = ResultMessage | FailureMessage | HostCallMessage | CancelledMessage;

export type WorkerMessage = ReadyMessage | PongMessage | RunReport;

/** Settings a worker process reads from its first command-line argument, as JSON. */
export interface WorkerSettings {
  /** Tenant isolates a worker keeps; the least recently used idle one is disposed beyond this. */
  readonly maxIsolates: number;
  /** File in which the worker announces the run of each segment of tenant code, from segment-file.ts. */
  readonly segmentFile: string;
}
