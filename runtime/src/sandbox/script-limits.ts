/** Limits of script runs, applied per tenant. */
export interface ScriptLimits {
  /**
   * CPU time one run may use in milliseconds, summed over its synchronous segments (the start,
   * and each resumption after a host function call). The worker measures each segment's wall
   * time, which includes any time the CPU spent on other processes. Default 50.
   */
  readonly cpuTimeMs: number;
  /** Heap limit of the tenant's isolate in MB; isolated-vm treats it as a soft limit, minimum 8. Default 32. */
  readonly memoryMb: number;
  /** Runs of one tenant that execute at once; further runs wait in a queue. Default 4. */
  readonly maxConcurrentRuns: number;
  /** Runs of one tenant that may wait for a free slot; beyond that a run is rejected. Default 32. */
  readonly maxQueuedRuns: number;
  /** Maximum wall-clock deadline of a run in milliseconds. A longer request is cut to it. Default 10,000. */
  readonly maxTimeoutMs: number;
  /** Maximum length of the JSON text of a run's inputs, in UTF-16 code units. Default 262,144. */
  readonly maxInputLength: number;
  /** Maximum length of the JSON text of a run's return value, in UTF-16 code units. Default 262,144. */
  readonly maxResultLength: number;
  /** Log lines kept per run; further lines are counted and dropped. Default 50. */
  readonly maxLogEntries: number;
  /** Characters kept of each log line. Default 1,000. */
  readonly maxLogLength: number;
  /** Host function calls allowed per run. Default 32. */
  readonly maxHostCalls: number;
}

/** Limits that apply unless the sandbox options change them. */
export const DEFAULT_SCRIPT_LIMITS: ScriptLimits = Object.freeze({
  cpuTimeMs: 50,
  memoryMb: 32,
  maxConcurrentRuns: 4,
  maxQueuedRuns: 32,
  maxTimeoutMs: 10_000,
  maxInputLength: 262_144,
  maxResultLength: 262_144,
  maxLogEntries: 50,
  maxLogLength: 1_000,
  maxHostCalls: 32,
});

/** isolated-vm refuses a memory limit below 8 MB. */
export const MIN_MEMORY_MB = 8;
