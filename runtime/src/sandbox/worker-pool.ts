import fs from "node:fs";

import type { Logger } from "@callflow/sdk";

import type { RunReport } from "./sandbox-protocol.js";
import { SandboxWorker, type WorkerLaunch, type WorkerListener } from "./sandbox-worker.js";

/** A worker as {@link WorkerPool.status} reports it. */
export interface SandboxWorkerStatus {
  readonly index: number;
  readonly pid: number | undefined;
  readonly state: SandboxWorker["state"];
  readonly runs: number;
  readonly restarts: number;
}

// How often the watchdog looks at the workers, and how long a worker with runs in flight may be
// quiet before it is pinged.
const WATCHDOG_INTERVAL_MS = 50;

// Milliseconds the worker that keeps a call's context may be quiet with runs in flight before the
// call's next run goes to another worker. About 25 times the cost of preparing a fresh context
// there (0.4 ms), and far below the default CPU limit of a run (50 ms).
export const CALL_WORKER_PATIENCE_MS = 10;

/**
 * The worker processes of a sandbox: it starts them, picks one for each run, pings the busy ones,
 * and restarts any that exits. The listener decides what happens to an exited worker's runs.
 */
export class WorkerPool implements WorkerListener {
  private readonly workers: SandboxWorker[];
  private readonly listener: WorkerListener;
  private readonly killGraceMs: number;
  private readonly segmentDirectory: string;
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly readyWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private watchdog: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(count: number, launch: WorkerLaunch, listener: WorkerListener, killGraceMs: number, logger: Logger) {
    this.segmentDirectory = launch.segmentDirectory;
    // Also when the program ends without close().
    process.once("exit", this.removeSegmentDirectory);
    this.listener = listener;
    this.killGraceMs = killGraceMs;
    this.workers = Array.from({ length: count }, (_, index) => new SandboxWorker(index, launch, this, logger));
  }

  /** True when at least one worker takes runs. */
  get anyReady(): boolean {
    return this.workers.some((worker) => worker.state === "ready");
  }

  /** Starts the workers once; later calls do nothing. */
  start(): void {
    if (this.watchdog !== undefined || this.closed) return;
    for (const worker of this.workers) worker.start();
    this.watchdog = setInterval(() => this.watchWorkers(), WATCHDOG_INTERVAL_MS);
    // The watchdog only serves runs, and each run has a timer of its own that keeps the process alive.
    this.watchdog.unref();
  }

  /** Resolves once every worker is ready; rejects when {@link rejectReadyWaiters} is called first. */
  whenReady(): Promise<void> {
    if (this.workers.every((worker) => worker.state === "ready")) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Rejects everyone waiting in {@link whenReady}. */
  rejectReadyWaiters(error: Error): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
  }

  /**
   * Picks a worker for a run of a call whose context `callWorker` keeps. That worker is picked,
   * even when busy, unless it has had runs in flight and sent nothing for
   * {@link CALL_WORKER_PATIENCE_MS} or more: then it is running a long script, and a fresh
   * context elsewhere costs less than the wait.
   */
  pickForCall(tenantId: string, callWorker: SandboxWorker | undefined): SandboxWorker | undefined {
    if (callWorker?.state === "ready" && callWorker.quietMs() < CALL_WORKER_PATIENCE_MS) return callWorker;
    return this.pick(tenantId);
  }

  /**
   * Picks the tenant's own worker when it is idle, because its isolate and compiled scripts are
   * warm. Otherwise picks the ready worker with the fewest runs, so a busy worker holds up no
   * other call while another worker is free. Returns undefined when no worker is ready.
   */
  pick(tenantId: string): SandboxWorker | undefined {
    const preferred = this.workers[hashOf(tenantId) % this.workers.length];

    if (preferred.state === "ready" && preferred.runs.size === 0) return preferred;
    let best: SandboxWorker | undefined;

    for (const worker of this.workers) {
      if (worker.state !== "ready") continue;
      if (best === undefined || worker.runs.size < best.runs.size || (worker === preferred && worker.runs.size === best.runs.size)) best = worker;
    }
    return best;
  }

  /** Returns the state of each worker process. */
  status(): SandboxWorkerStatus[] {
    return this.workers.map((worker) => ({ index: worker.index, pid: worker.pid, state: worker.state, runs: worker.runs.size, restarts: worker.restarts }));
  }

  /** Stops the watchdog and the restarts, ends every worker process, and removes the segment files. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    for (const timer of this.restartTimers) clearTimeout(timer);
    await Promise.all(this.workers.map((worker) => worker.stop()));
    process.off("exit", this.removeSegmentDirectory);
    this.removeSegmentDirectory();
  }

  onReady(worker: SandboxWorker): void {
    this.listener.onReady(worker);
    if (this.workers.every((other) => other.state === "ready")) {
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
    }
  }

  onMessage(worker: SandboxWorker, message: RunReport): void {
    this.listener.onMessage(worker, message);
  }

  onExit(worker: SandboxWorker, exit: string, wasReady: boolean): void {
    if (this.closed) return;
    this.listener.onExit(worker, exit, wasReady);
    this.scheduleRestart(worker);
  }

  private readonly removeSegmentDirectory = (): void => {
    fs.rmSync(this.segmentDirectory, { recursive: true, force: true });
  };

  private watchWorkers(): void {
    const now = performance.now();

    for (const worker of this.workers) {
      let busyMs = this.killGraceMs;

      // Runs queued in one worker execute one after another, each for up to its CPU limit.
      for (const run of worker.runs.values()) busyMs += run.limits.cpuTimeMs;
      worker.watch(now, WATCHDOG_INTERVAL_MS, busyMs);
    }
  }

  // Restarts at once after a crash. After failed starts it waits 0.1 s, doubling up to 5 s.
  private scheduleRestart(worker: SandboxWorker): void {
    const delayMs = worker.failedStarts === 0 ? 0 : Math.min(5_000, 100 * 2 ** (worker.failedStarts - 1));
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.closed) worker.start();
    }, delayMs);

    this.restartTimers.add(timer);
  }
}

// FNV-1a: spreads tenant ids over the workers, the same way on every start.
function hashOf(text: string): number {
  let hash = 0x811c9dc5;

  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
