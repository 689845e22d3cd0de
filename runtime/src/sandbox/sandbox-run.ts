import type { ScriptResult } from "@callflow/nodes";

import type { CallScope } from "./call-scopes.js";
import type { ScriptLimits } from "./script-limits.js";
import type { RunMessage } from "./sandbox-protocol.js";
import type { SandboxWorker } from "./sandbox-worker.js";

/** Context of a host function call. */
export interface HostCallContext {
  /** Aborted when the run ends: its deadline passed, the caller hung up, or the script finished without awaiting the call. */
  readonly signal: AbortSignal;
}

/**
 * An async function that a script may call as `host.<capability>.<name>(...)`. Its arguments
 * arrive as a JSON copy, and its result goes back to the script as a JSON copy, so neither side
 * ever receives the other's objects.
 */
export type HostFunction = (args: readonly unknown[], context: HostCallContext) => Promise<unknown>;

/**
 * A named set of host functions that the runtime grants a tenant's scripts. Nothing is granted
 * by default, so a script gets an empty `host` object and can only compute and log.
 *
 * @example { name: "crm", functions: { lookup: async ([accountNo]) => crm.find(String(accountNo)) } }
 */
export interface ScriptCapability {
  /** Name under `host`, such as `crm` for `host.crm.lookup(...)`: a lower camel case identifier. */
  readonly name: string;
  readonly functions: Readonly<Record<string, HostFunction>>;
}

/** Breakdown of one run's time, in microseconds. */
export interface SandboxTiming {
  /** From sending the run to the worker until its result arrived. Waiting for a quota slot or a worker is not included. */
  readonly totalUs: number;
  /** IPC both ways and the worker's message handling: the total less the two parts the worker measured. */
  readonly processHopUs: number;
  /** Taking the call's context or a fresh one, and loading the compiled script into it (compiling first on a cache miss). */
  readonly prepareUs: number;
  /** Running the script until its result was copied out, host function calls included. */
  readonly runUs: number;
}

/** The outcome of a run, with its timing. */
export interface SandboxRunResult extends ScriptResult {
  readonly timing: SandboxTiming;
}

/** One run as the parent tracks it, from the request until it settles. */
export class SandboxRun {
  readonly id: number;
  readonly tenantId: string;
  readonly message: RunMessage;
  readonly limits: ScriptLimits;
  /** Wall-clock deadline in milliseconds, counted from the request. */
  readonly deadlineMs: number;
  readonly hostFunctions: ReadonlyMap<string, HostFunction>;
  /** The call the run belongs to, whose context it may reuse; undefined for a run of its own. */
  readonly callScope: CallScope | undefined;
  readonly promise: Promise<SandboxRunResult>;
  state: "queued" | "waiting" | "running" | "done" = "queued";
  worker: SandboxWorker | undefined;
  /** True while the run has one of its tenant's concurrency slots. */
  holdsSlot = false;
  /** True once the run was sent again after its worker crashed. */
  retried = false;
  hostCalls = 0;
  sentAt = 0n;
  /** Called by the quota when a slot frees up for this run. */
  grant: () => void = () => undefined;
  timer: NodeJS.Timeout | undefined;
  detachSignal: () => void = () => undefined;
  // Made on the first host function call: an AbortController and its abort cost about 10 µs,
  // a noticeable share of a run that calls no host function.
  private endedController: AbortController | undefined;
  private resolve!: (result: SandboxRunResult) => void;
  private reject!: (error: unknown) => void;

  constructor(id: number, tenantId: string, message: RunMessage, limits: ScriptLimits, deadlineMs: number, hostFunctions: ReadonlyMap<string, HostFunction>, callScope: CallScope | undefined) {
    this.id = id;
    this.tenantId = tenantId;
    this.message = message;
    this.limits = limits;
    this.deadlineMs = deadlineMs;
    this.hostFunctions = hostFunctions;
    this.callScope = callScope;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Aborted when the run settles, so host function calls in progress stop. */
  get ended(): AbortSignal {
    this.endedController ??= new AbortController();
    if (this.state === "done") this.endedController.abort();
    return this.endedController.signal;
  }

  /** Resolves or rejects the run once; returns false when it had settled already. */
  settle(outcome: { result: SandboxRunResult } | { error: unknown }): boolean {
    if (this.state === "done") return false;
    this.state = "done";
    clearTimeout(this.timer);
    this.detachSignal();
    this.endedController?.abort();
    if ("result" in outcome) this.resolve(outcome.result);
    else this.reject(outcome.error);
    return true;
  }
}
