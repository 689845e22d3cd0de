import { fork, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import path from "node:path";

import type { Logger } from "@callflow/sdk";

import { MessageBatch } from "./message-batch.js";
import type { ParentMessage, RunReport, WorkerSettings } from "./sandbox-protocol.js";
import type { SandboxRun } from "./sandbox-run.js";
import { readSegmentFile, resetSegmentFile } from "./segment-file.js";
import { isWorkerMessage } from "./worker-messages.js";

/** How to start a worker process. */
export interface WorkerLaunch {
  readonly entry: string;
  /** Node.js options besides `--no-node-snapshot`, which is always set. */
  readonly execArgv: readonly string[];
  /** The whole environment of the worker; nothing of the parent's is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** Settings besides the segment file, which each worker has its own of. */
  readonly settings: Omit<WorkerSettings, "segmentFile">;
  /** Directory of the workers' segment files. */
  readonly segmentDirectory: string;
  /** Milliseconds the worker may take to report ready before it is killed. */
  readonly startTimeoutMs: number;
}

/** Receiver of a worker's events: ready, messages about runs, and exit. */
export interface WorkerListener {
  onReady(worker: SandboxWorker): void;
  onMessage(worker: SandboxWorker, message: RunReport): void;
  /** The process ended; `exit` describes how, and `wasReady` whether it had reported ready. */
  onExit(worker: SandboxWorker, exit: string, wasReady: boolean): void;
}

// Bytes of the worker's stderr kept for the log when it exits: V8 prints its out-of-memory
// report there.
const STDERR_TAIL = 4_096;

/** Parent-side handle of one worker process: it starts the process, sends it messages and kills it when needed. */
export class SandboxWorker {
  readonly index: number;
  state: "stopped" | "starting" | "ready" = "stopped";
  pid: number | undefined;
  /** Starts after the first. */
  restarts = 0;
  /** Consecutive starts that ended before the worker reported ready. */
  failedStarts = 0;
  /** Runs sent to this worker that have no result yet, by id, including runs awaiting a cancel confirmation. */
  readonly runs = new Map<number, SandboxRun>();
  /** Timers that kill the worker unless it confirms a cancelled run in time, by run id. */
  readonly cancelDeadlines = new Map<number, NodeJS.Timeout>();
  private readonly launch: WorkerLaunch;
  private readonly segmentFile: string;
  private readonly listener: WorkerListener;
  private readonly logger: Logger;
  private child: ChildProcess | undefined;
  private stderrTail = "";
  private startTimer: NodeJS.Timeout | undefined;
  private started = 0;
  private lastHeardAt = 0;
  private pingSentAt: number | undefined;
  private killReason: string | undefined;
  private readonly outbox = new MessageBatch<ParentMessage>((payload) => {
    if (this.child?.connected) this.child.send(payload);
  });

  constructor(index: number, launch: WorkerLaunch, listener: WorkerListener, logger: Logger) {
    this.index = index;
    this.segmentFile = path.join(launch.segmentDirectory, `worker-${index}`);
    this.launch = launch;
    this.listener = listener;
    this.logger = logger;
  }

  /** The last lines the worker wrote to stderr. */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Run whose tenant code the worker executed last, read after the worker exited. */
  lastSegment(): number | undefined {
    return readSegmentFile(this.segmentFile);
  }

  /**
   * Milliseconds the worker has had runs in flight without sending a message, or 0 without runs.
   * A worker that writes its messages before each segment of tenant code, as worker-run.ts does,
   * is quiet this long only while one segment runs long.
   */
  quietMs(): number {
    const oldest = this.runs.values().next().value;

    if (oldest === undefined) return 0;
    const oldestAgeMs = Number(process.hrtime.bigint() - oldest.sentAt) / 1e6;

    return Math.min(oldestAgeMs, performance.now() - this.lastHeardAt);
  }

  /** Reason this process killed the worker, or undefined when it has not. */
  get killedFor(): string | undefined {
    return this.killReason;
  }

  start(): void {
    if (this.state !== "stopped") return;
    if (this.started++ > 0) this.restarts++;
    this.state = "starting";
    this.stderrTail = "";
    this.killReason = undefined;
    this.pingSentAt = undefined;
    resetSegmentFile(this.segmentFile);
    const settings: WorkerSettings = { ...this.launch.settings, segmentFile: this.segmentFile };
    const child = fork(this.launch.entry, [JSON.stringify(settings)], {
      execArgv: ["--no-node-snapshot", ...this.launch.execArgv],
      env: { ...this.launch.env },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });

    // Workers alone do not keep the parent process alive. A run in flight does, by its deadline
    // timer, and a program that never calls close() can still exit.
    child.unref();
    child.channel?.unref();
    (child.stderr as Socket | null)?.unref();
    this.child = child;
    this.pid = child.pid;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    child.on("message", (message: unknown) => this.receive(message));
    child.once("exit", (code, signal) => this.exited(child, signal === null ? `exit code ${code}` : `signal ${signal}`));
    // Without a process there is no exit event, so a failed spawn ends the start here.
    child.on("error", (error) => {
      if (child.pid === undefined) this.exited(child, `start failed: ${error.message}`);
      else this.logger.warn({ err: error, worker: this.index, pid: child.pid }, "script worker IPC error");
    });
    this.startTimer = setTimeout(() => this.kill(`did not report ready within ${this.launch.startTimeoutMs} ms`), this.launch.startTimeoutMs);
  }

  /**
   * Sends a message at the end of this turn of the event loop, with the others of the turn. A
   * worker that is gone drops it, and its exit handling covers the runs.
   */
  send(message: ParentMessage): void {
    if (this.child?.connected) this.outbox.push(message);
  }

  /** Ends the process at once; the exit event follows. */
  kill(reason: string): void {
    if (this.child === undefined || this.child.exitCode !== null || this.child.signalCode !== null || this.killReason !== undefined) return;
    this.killReason = reason;
    this.logger.warn({ worker: this.index, pid: this.pid, reason }, "killing the script worker");
    this.child.kill("SIGKILL");
  }

  /**
   * Checks that a worker with runs in flight still responds. After `quietMs` without a message it
   * is pinged, and it is killed when no reply comes within `stallLimitMs`. A segment of
   * tenant code never runs past its CPU limit, so a longer silence means the worker is stuck,
   * as V8 is when it collects garbage without end near an isolate's memory limit.
   */
  watch(now: number, quietMs: number, stallLimitMs: number): void {
    if (this.state !== "ready" || this.runs.size === 0) {
      this.pingSentAt = undefined;
      return;
    }
    if (this.pingSentAt !== undefined) {
      if (now - this.pingSentAt > stallLimitMs) this.kill(`stopped answering for ${Math.round(now - this.pingSentAt)} ms while running scripts`);
      return;
    }
    if (now - this.lastHeardAt >= quietMs) {
      this.pingSentAt = now;
      this.send({ type: "ping" });
    }
  }

  /** Asks the process to end and waits until it has. */
  async stop(): Promise<void> {
    const child = this.child;

    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const ended = new Promise((resolve) => child.once("exit", resolve));

    // The child is unreferenced, so without this a program awaiting close() would exit first.
    child.ref();
    child.kill("SIGKILL");
    await ended;
  }

  // A worker batches the messages of one turn into an array (see message-batch.ts).
  private receive(payload: unknown): void {
    if (!Array.isArray(payload)) {
      this.receiveOne(payload);
      return;
    }
    for (const message of payload) {
      if (this.killReason !== undefined || this.child === undefined) return;
      this.receiveOne(message);
    }
  }

  private receiveOne(message: unknown): void {
    if (!isWorkerMessage(message)) {
      this.kill("sent a message outside the protocol");
      return;
    }
    this.lastHeardAt = performance.now();
    if (message.type === "pong") {
      this.pingSentAt = undefined;
      return;
    }
    if (message.type !== "ready") {
      this.listener.onMessage(this, message);
      return;
    }
    clearTimeout(this.startTimer);
    this.state = "ready";
    this.failedStarts = 0;
    this.logger.info({ worker: this.index, pid: this.pid, restarts: this.restarts }, "script worker ready");
    this.listener.onReady(this);
  }

  private exited(child: ChildProcess, exit: string): void {
    if (this.child !== child) return;
    const wasReady = this.state === "ready";

    clearTimeout(this.startTimer);
    this.outbox.clear();
    for (const timer of this.cancelDeadlines.values()) clearTimeout(timer);
    this.cancelDeadlines.clear();
    this.child = undefined;
    this.state = "stopped";
    if (!wasReady) this.failedStarts++;
    this.listener.onExit(this, exit, wasReady);
  }
}
