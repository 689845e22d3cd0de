import os from "node:os";

import type { ScriptRequest, ScriptService } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { CallScopes } from "./call-scopes.js";
import { collectHostFunctions, handleHostCall } from "./host-calls.js";
import { DEFAULT_SCRIPT_LIMITS, MIN_MEMORY_MB, type ScriptLimits } from "./script-limits.js";
import { failureMessages, SCRIPT_FAILURE_CODES, ScriptSandboxError, type ScriptFailureCode } from "./script-failure.js";
import type { RunReport } from "./sandbox-protocol.js";
import { createSegmentDirectory } from "./segment-file.js";
import { SandboxRun, type HostFunction, type SandboxRunResult, type ScriptCapability } from "./sandbox-run.js";
import type { SandboxWorker, WorkerListener } from "./sandbox-worker.js";
import { TenantQuota } from "./tenant-quota.js";
import { WorkerPool, type SandboxWorkerStatus } from "./worker-pool.js";
import { defaultWorkerEntry } from "./worker-entry.js";

/** Options of a {@link ScriptSandbox}. */
export interface ScriptSandboxOptions {
  /** Worker processes. Default: the machine's available parallelism, at least 2 and at most 4. */
  workers?: number;
  /** Limits of every tenant, over {@link DEFAULT_SCRIPT_LIMITS}. */
  limits?: Partial<ScriptLimits>;
  /** Limits of one tenant over `limits`, such as a larger quota for a large tenant. */
  tenantLimits?: (tenantId: string) => Partial<ScriptLimits> | undefined;
  /** Tenant isolates a worker keeps before it disposes the least recently used. Default 32. */
  maxIsolatesPerWorker?: number;
  /**
   * Milliseconds a worker has to confirm that it released a run after the run's deadline passed
   * or its caller hung up. A worker that misses it is killed and restarted. Default 250.
   */
  killGraceMs?: number;
  /** Milliseconds a worker may take to start. Default 10,000. */
  startTimeoutMs?: number;
  /**
   * The worker processes. `entry` defaults to `worker-main` beside this module, and `execArgv`
   * adds Node.js options to `--no-node-snapshot`. `env` is the whole environment of a worker. It
   * is empty by default, so no secret of the parent's environment reaches a worker.
   */
  worker?: { entry?: string; execArgv?: readonly string[]; env?: Readonly<Record<string, string>> };
  logger?: Logger;
}

/** Options of one {@link ScriptSandbox.run}. */
export interface SandboxRunOptions {
  signal?: AbortSignal;
  /** Host functions the script may call. Default none. */
  capabilities?: readonly ScriptCapability[];
  /**
   * The call the run belongs to, compared by identity. The runs of one call share a context,
   * from the call's first run until {@link ScriptSandbox.endCall}. Default: a context of the run's own.
   */
  call?: object;
}

/**
 * Runs tenant JavaScript in isolated-vm isolates inside a pool of worker processes. Each tenant
 * has its own isolate in each worker, with a memory limit. The runs of one call share a context,
 * which is released when the call ends, and a run without a call gets a fresh context, so no
 * state of one call reaches another. Each run has a CPU-time limit that the worker enforces, and
 * a wall-clock deadline that this process enforces.
 * A tenant's runs beyond its concurrency quota wait in a queue. A worker that crashes, stops
 * responding, or does not release a run soon after its deadline is killed and restarted. The
 * other runs it had are sent once more, to another worker when one is free.
 *
 * @example
 * const sandbox = new ScriptSandbox({ logger });
 * const result = await sandbox.run("acme", { code: "return { total: inputs.amount * 2 };", inputs: { amount: 21 }, timeoutMs: 1000 });
 * // result.value: { total: 42 }
 * await sandbox.close();
 */
export class ScriptSandbox implements WorkerListener {
  private readonly options: ScriptSandboxOptions;
  private readonly logger: Logger;
  private readonly pool: WorkerPool;
  private readonly quota = new TenantQuota();
  private readonly live = new Set<SandboxRun>();
  private readonly waitingForWorker: SandboxRun[] = [];
  private readonly callScopes = new CallScopes();
  private nextId = 1;
  private closed = false;

  constructor(options: ScriptSandboxOptions = {}) {
    this.options = options;
    this.logger = (options.logger ?? silentLogger).child({ component: "script-sandbox" });
    const count = options.workers ?? Math.min(4, Math.max(2, os.availableParallelism()));
    const launch = {
      entry: options.worker?.entry ?? defaultWorkerEntry(),
      execArgv: options.worker?.execArgv ?? [],
      env: options.worker?.env ?? {},
      settings: { maxIsolates: options.maxIsolatesPerWorker ?? 32 },
      segmentDirectory: createSegmentDirectory(),
      startTimeoutMs: options.startTimeoutMs ?? 10_000,
    };

    this.pool = new WorkerPool(count, launch, this, this.killGraceMs, this.logger);
  }

  /** Starts the worker processes and resolves once all are ready. Runs start them on demand too. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new ScriptSandboxError("script-unavailable", "the script sandbox is closed"));
    this.pool.start();
    return this.pool.whenReady();
  }

  /**
   * Returns the sandbox as a tenant's {@link ScriptService}, granting its scripts the given
   * capabilities. This is what the runtime puts into the node context's services.
   */
  forTenant(tenantId: string, capabilities: readonly ScriptCapability[] = []): ScriptService {
    const hostFunctions = collectHostFunctions(capabilities);

    return {
      run: (request, context) => this.submit(tenantId, request, hostFunctions, context.signal, context.call),
      endCall: (call) => this.endCall(call),
    };
  }

  /** Releases the context that the runs of `call` share. A later run with the same call object starts fresh. */
  endCall(call: object): void {
    this.callScopes.end(call);
  }

  /**
   * Runs one script for a tenant. Rejects with a {@link ScriptSandboxError}, with the signal's
   * reason when aborted, or with a TypeError when a capability is misnamed.
   */
  run(tenantId: string, request: ScriptRequest, options: SandboxRunOptions = {}): Promise<SandboxRunResult> {
    let hostFunctions: Map<string, HostFunction>;

    try {
      hostFunctions = collectHostFunctions(options.capabilities ?? []);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.submit(tenantId, request, hostFunctions, options.signal, options.call);
  }

  private submit(
    tenantId: string,
    request: ScriptRequest,
    hostFunctions: ReadonlyMap<string, HostFunction>,
    signal: AbortSignal | undefined,
    call: object | undefined,
  ): Promise<SandboxRunResult> {
    if (this.closed) return Promise.reject(new ScriptSandboxError("script-unavailable", "the script sandbox is closed"));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const limits = this.limitsFor(tenantId);
    let inputs: string;

    try {
      inputs = JSON.stringify(request.inputs) ?? "{}";
    } catch (error) {
      return Promise.reject(new ScriptSandboxError("script-invalid-input", failureMessages.inputNotJson((error as Error).message)));
    }
    if (inputs.length > limits.maxInputLength) return Promise.reject(new ScriptSandboxError("script-invalid-input", failureMessages.inputTooLong(inputs.length, limits.maxInputLength)));
    const id = this.nextId++;
    const deadlineMs = Math.max(1, Math.min(request.timeoutMs, limits.maxTimeoutMs));
    const callScope = this.callScopes.scopeOf(tenantId, call);
    const scope = callScope?.id ?? 0;
    const message = { type: "run", id, tenantId, scope, code: request.code, inputs, hostFunctions: [...hostFunctions.keys()], limits: workerLimits(limits), now: request.now ?? Date.now() } as const;
    const run = new SandboxRun(id, tenantId, message, limits, deadlineMs, hostFunctions, callScope);

    this.live.add(run);
    run.timer = setTimeout(() => this.stop(run, new ScriptSandboxError("script-timeout", failureMessages.timeout(deadlineMs))), deadlineMs);
    if (signal !== undefined) {
      const onAbort = (): void => this.stop(run, abortReason(signal));

      signal.addEventListener("abort", onAbort, { once: true });
      run.detachSignal = () => signal.removeEventListener("abort", onAbort);
    }
    this.admit(run);
    return run.promise;
  }

  /** Ends every run with `script-unavailable` and stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const run of [...this.live]) this.settle(run, { error: new ScriptSandboxError("script-unavailable", "the script sandbox was closed while the script ran") });
    this.pool.rejectReadyWaiters(new ScriptSandboxError("script-unavailable", "the script sandbox was closed before its workers were ready"));
    await this.pool.close();
    this.logger.info({}, "script sandbox closed");
  }

  /** Returns the state of each worker process, for operators' health pages and for tests. */
  status(): SandboxWorkerStatus[] {
    return this.pool.status();
  }

  onReady(): void {
    for (const run of this.waitingForWorker.splice(0)) {
      if (run.state === "waiting") this.dispatch(run);
    }
  }

  onMessage(worker: SandboxWorker, message: RunReport): void {
    const run = worker.runs.get(message.id);

    if (message.type === "host-call") {
      if (run !== undefined && run.state === "running") handleHostCall(run, worker, message, this.logger);
      return;
    }
    // A result, a failure or a cancel confirmation: the worker has let go of the run.
    worker.runs.delete(message.id);
    clearTimeout(worker.cancelDeadlines.get(message.id));
    worker.cancelDeadlines.delete(message.id);
    if (run === undefined || message.type === "cancelled") return;
    if (message.type === "failure") {
      const code = (SCRIPT_FAILURE_CODES as readonly string[]).includes(message.code) ? (message.code as ScriptFailureCode) : "script-error";

      this.settle(run, { error: new ScriptSandboxError(code, message.message, message.logs) });
      return;
    }
    const totalUs = Number(process.hrtime.bigint() - run.sentAt) / 1_000;
    const [prepareUs, runUs] = message.timing;
    const timing = { totalUs, processHopUs: Math.max(0, totalUs - prepareUs - runUs), prepareUs, runUs };
    let value: unknown;

    try {
      value = message.value === undefined ? undefined : JSON.parse(message.value);
    } catch (error) {
      this.settle(run, { error: new ScriptSandboxError("script-invalid-result", failureMessages.resultNotJson((error as Error).message), message.logs) });
      return;
    }
    this.settle(run, { result: { value, logs: message.logs, timing } });
  }

  onExit(worker: SandboxWorker, exit: string, wasReady: boolean): void {
    const lost = [...worker.runs.values()].filter((run) => run.state === "running");
    // The run whose tenant code was executing brought the worker down; with no segment announced,
    // a single run is the only candidate.
    const lastSegment = worker.lastSegment();
    const culprit = lost.find((run) => run.id === lastSegment) ?? (lost.length === 1 ? lost[0] : undefined);

    worker.runs.clear();
    this.logger.error(
      { worker: worker.index, pid: worker.pid, exit, killedFor: worker.killedFor, runsLost: lost.length, culpritRunId: culprit?.id, stderr: worker.stderr },
      wasReady ? "script worker exited unexpectedly" : "script worker failed to start",
    );
    for (const run of lost) this.recover(run, run === culprit, worker, exit);
    if (!wasReady) this.failWhileNoWorkerStarts(worker);
  }

  // Sends a run that lost its worker once more, unless it brought the worker down or called host
  // functions, whose effects must not repeat.
  private recover(run: SandboxRun, culprit: boolean, worker: SandboxWorker, exit: string): void {
    if (!culprit && !run.retried && run.hostCalls === 0) {
      run.retried = true;
      this.dispatch(run);
      return;
    }
    const { cpuTimeMs, memoryMb } = run.limits;
    let message = failureMessages.workerLost();

    if (culprit) message = worker.killedFor === undefined ? failureMessages.crashed(memoryMb, exit) : failureMessages.unresponsive(cpuTimeMs, memoryMb);
    this.settle(run, { error: new ScriptSandboxError("script-crashed", message) });
  }

  private get killGraceMs(): number {
    return this.options.killGraceMs ?? 250;
  }

  private limitsFor(tenantId: string): ScriptLimits {
    const limits = { ...DEFAULT_SCRIPT_LIMITS, ...this.options.limits, ...this.options.tenantLimits?.(tenantId) };

    return { ...limits, memoryMb: Math.max(MIN_MEMORY_MB, limits.memoryMb) };
  }

  private admit(run: SandboxRun): void {
    const { tenantId, limits } = run;

    run.grant = () => {
      run.holdsSlot = true;
      this.dispatch(run);
    };
    if (this.quota.tryAcquire(tenantId, limits.maxConcurrentRuns)) {
      run.grant();
      return;
    }
    if (this.quota.enqueue(tenantId, limits.maxQueuedRuns, run.grant)) return;
    const { running, waiting } = this.quota.counts(tenantId);

    this.settle(run, { error: new ScriptSandboxError("script-quota", failureMessages.quota(tenantId, running, waiting)) });
  }

  private dispatch(run: SandboxRun): void {
    this.pool.start();
    const callScope = run.callScope;
    const worker = callScope === undefined ? this.pool.pick(run.tenantId) : this.pool.pickForCall(run.tenantId, callScope.lastWorker);

    if (worker === undefined) {
      run.state = "waiting";
      this.waitingForWorker.push(run);
      return;
    }
    run.state = "running";
    run.worker = worker;
    if (callScope !== undefined) {
      callScope.lastWorker = worker;
      callScope.workers.add(worker);
    }
    worker.runs.set(run.id, run);
    run.sentAt = process.hrtime.bigint();
    worker.send(run.message);
  }

  // The deadline passed or the caller hung up. The run settles now, and its worker must confirm
  // the release within the grace time or it is killed, which also stops anything still running there.
  private stop(run: SandboxRun, error: unknown): void {
    const worker = run.state === "running" ? run.worker : undefined;

    if (!this.settle(run, { error })) return;
    if (worker === undefined || !worker.runs.has(run.id)) return;
    const graceMs = this.killGraceMs;

    worker.send({ type: "cancel", id: run.id });
    worker.cancelDeadlines.set(run.id, setTimeout(() => worker.kill(`did not release run ${run.id} within ${graceMs} ms of its end`), graceMs));
  }

  private settle(run: SandboxRun, outcome: Parameters<SandboxRun["settle"]>[0]): boolean {
    const wasQueued = run.state === "queued";

    if (!run.settle(outcome)) return false;
    this.live.delete(run);
    const waiting = this.waitingForWorker.indexOf(run);

    if (waiting >= 0) this.waitingForWorker.splice(waiting, 1);
    if (run.holdsSlot) {
      run.holdsSlot = false;
      this.quota.release(run.tenantId);
    } else if (wasQueued) {
      this.quota.withdraw(run.tenantId, run.grant);
    }
    return true;
  }

  // A worker that cannot start (a wrong entry, a missing loader) would leave runs waiting until
  // their deadlines. So when no worker is ready, they fail now with the worker's own output.
  private failWhileNoWorkerStarts(worker: SandboxWorker): void {
    if (this.pool.anyReady) return;
    const lines = worker.stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "");
    // Node.js prints the source line and a caret before the error itself.
    const output = lines.find((line) => /\bError\b/.test(line)) ?? lines.at(-1);
    const error = new ScriptSandboxError("script-unavailable", `the script worker processes cannot start${output === undefined ? "" : `: ${output}`}`);

    for (const run of this.waitingForWorker.splice(0)) this.settle(run, { error });
    this.pool.rejectReadyWaiters(error);
  }
}

function workerLimits(limits: ScriptLimits): SandboxRun["message"]["limits"] {
  const { cpuTimeMs, memoryMb, maxResultLength, maxLogEntries, maxLogLength, maxHostCalls } = limits;

  return { cpuTimeMs, memoryMb, maxResultLength, maxLogEntries, maxLogLength, maxHostCalls };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new ScriptSandboxError("script-cancelled", "the script run was cancelled");
}
