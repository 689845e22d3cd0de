import type { ServiceKey } from "@callflow/sdk";

/** One run of tenant JavaScript. */
export interface ScriptRequest {
  /**
   * Body of an async function. It reads `inputs`, may `await`, writes lines with `console.log`,
   * and returns an object whose keys become flow variables.
   *
   * @example "const total = inputs.amount * 1.05;\nreturn { total };"
   */
  readonly code: string;
  /** Values the script reads as `inputs`. The sandbox passes a JSON copy, never the objects themselves. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Wall-clock deadline of the run in milliseconds, counted from the request. */
  readonly timeoutMs: number;
  /**
   * Names of the tenant's `http` connectors that the script may call through `host.http`. The
   * runtime resolves them in the tenant's own connectors. Absent or empty, the script has no `host.http`.
   */
  readonly httpConnectors?: readonly string[];
  /**
   * Time in milliseconds since the epoch that the script's `Date` reads when the run starts: the
   * session clock's, so that the scripts of a simulated call see the call's time. Absent: the
   * real time.
   */
  readonly now?: number;
}

/** A line the script wrote with `console.log`, `info`, `debug`, `warn` or `error`. */
export interface ScriptLogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
}

/** What a run returned. */
export interface ScriptResult {
  /** The script's return value as a JSON copy; undefined when it returned nothing. */
  readonly value: unknown;
  /** Lines the script logged, in order, up to the sandbox's limit. */
  readonly logs: readonly ScriptLogEntry[];
}

/** Context of one run. */
export interface ScriptRunContext {
  /** Aborts the run, such as when the caller hangs up. */
  readonly signal: AbortSignal;
  /**
   * The call the run belongs to, compared by identity: the runtime passes the call's
   * `NodeContext.call`. The scripts of one call may share one context, which the sandbox
   * releases at {@link ScriptService.endCall}. Without it, each run gets a context of its own.
   */
  readonly call?: object;
}

/**
 * The script sandbox, bound to the call's tenant. A run that fails rejects with an Error whose
 * `code` names the cause, such as `script-error` (the script threw), `script-cpu-limit`,
 * `script-memory-limit` or `script-timeout`, and whose message says what to change.
 */
export interface ScriptService {
  run(request: ScriptRequest, context: ScriptRunContext): Promise<ScriptResult>;
  /**
   * Releases what the sandbox keeps for a call's scripts, so no state of this call can reach
   * another. The session calls it once when the call ends; later runs with the same `call` start
   * from a fresh context.
   */
  endCall?(call: object): void;
}

/** Key of the {@link ScriptService} in `NodeContext.services`. */
export const SCRIPT_SERVICE: ServiceKey<ScriptService> = { name: "script" };
