import type { ScriptLogEntry } from "@callflow/nodes";

import { failureMessages, type ScriptFailureCode } from "./script-failure.js";
import type { HostCallMessage, HostResultMessage, RunMessage, WorkerMessage, WorkerRunLimits } from "./sandbox-protocol.js";
import type { IsolatePool } from "./isolate-pool.js";
import type { MessageBatch } from "./message-batch.js";
import type { SegmentWriter } from "./segment-file.js";
import type { CompiledScript, HostCallSink, TenantIsolate } from "./tenant-isolate.js";


// isolated-vm's message when a run's `timeout` passed.
const TIMED_OUT = "Script execution timed out.";
// Thrown before a segment when the run has no CPU time left, so no code was stopped midway.
const NO_CPU_LEFT = new Error(TIMED_OUT);
const LOG_LEVELS = new Set(["debug", "info", "warn", "error"]);

// Messages of earlier runs wait for a segment of tenant code only when the segment's script is
// known to be quick: its last QUICK_STREAK segments each ended within QUICK_SEGMENT_US, and the
// oldest waiting message has waited less than MAX_HOLD_MS. Each IPC write costs both processes a
// system call and a wake-up, so with many runs in flight one write then carries many results.
// A new script, one that ran long lately, or one after a host call that is not yet known gets
// the messages written before it runs. So a script that loops forever from its first run holds
// back nothing. A quick script that turns slow holds back the results queued before it once, at
// most for its CPU limit, which the runs queued behind it in this worker wait anyway.
const QUICK_SEGMENT_US = 1_000;
const QUICK_STREAK = 3;
const MAX_HOLD_MS = 1;

const microsecondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1_000;

/**
 * One script run inside a worker process. The code runs in synchronous segments: the start, and
 * one resumption per host function result. Each segment gets isolated-vm's `timeout` set to the
 * CPU time the run has left, so time spent awaiting host calls does not count, while a loop after
 * an `await` still stops. A segment's duration is measured on this thread, which waits for it,
 * so it includes any time the CPU spent on other processes.
 */
export class WorkerRun implements HostCallSink {
  readonly id: number;
  readonly tenant: TenantIsolate;
  private readonly tenantId: string;
  private readonly scope: number;
  private readonly limits: WorkerRunLimits;
  private readonly runs: Map<number, WorkerRun>;
  private readonly pool: IsolatePool;
  private readonly outbox: MessageBatch<WorkerMessage>;
  private readonly segments: SegmentWriter;
  private readonly began = process.hrtime.bigint();
  private compiled: CompiledScript | undefined;
  // The scope the run's compartment belongs to, once the run started (0: its own compartment).
  private usedScope: number | undefined;
  private cpuUsedMs = 0;
  private prepareUs = 0;
  private finished = false;
  // Set when the script settled and the harness reported its outcome: only then may the call's
  // next run reuse the compartment. A run stopped mid-segment may have left it half-changed.
  private settledNormally = false;
  private pendingCalls: HostCallMessage[] = [];

  constructor(message: RunMessage, pool: IsolatePool, runs: Map<number, WorkerRun>, outbox: MessageBatch<WorkerMessage>, segments: SegmentWriter) {
    this.id = message.id;
    this.tenantId = message.tenantId;
    this.scope = message.scope;
    this.limits = message.limits;
    this.pool = pool;
    this.runs = runs;
    this.outbox = outbox;
    this.segments = segments;
    this.tenant = pool.acquire(message.tenantId, message.limits.memoryMb);
  }

  /** Checks the code's syntax, and runs the first segment in the call's compartment or a new one. */
  start(message: RunMessage): void {
    let compiled = this.tenant.cached(message.code);

    this.runs.set(this.id, this);
    if (compiled === undefined) {
      // Compiling takes a while, so messages of earlier runs go out first.
      this.outbox.flushNow();
      try {
        compiled = this.tenant.compile(message.code);
      } catch (error) {
        this.failToCompile(error, message.code.split("\n").length);
        return;
      }
    }
    this.compiled = compiled;
    this.tenant.activeRuns++;
    this.prepareUs = microsecondsSince(this.began);
    const args = [message.code, message.inputs, JSON.stringify(message.hostFunctions), this.limits.maxLogEntries, this.limits.maxLogLength, this.limits.maxHostCalls, message.now];

    const scope = this.tenant.enterScope(this.scope);

    this.usedScope = scope;
    this.runSegment((started) => this.tenant.start(this, this.id, scope, args, this.cpuLeftMs(started)));
  }

  /** Called by the isolate during a segment; the calls go to the parent when the segment ends. */
  onHostCall(callId: number, path: string, args: string): void {
    if (!this.finished) this.pendingCalls.push({ type: "host-call", id: this.id, callId, path, args });
  }

  /** Settles a host function call in the script and runs what follows it, as a new segment. */
  resume(message: HostResultMessage): void {
    if (this.finished || this.usedScope === undefined) return;
    this.runSegment((started) => this.tenant.resume(this.id, message.callId, message.ok, message.payload, this.cpuLeftMs(started)));
  }

  /** Releases the run at the parent's request, and replies `cancelled` even when the run had finished. */
  cancel(): void {
    if (!this.finished) this.finish(undefined);
    this.outbox.push({ type: "cancelled", id: this.id });
  }

  /** Fails the run because isolated-vm disposed its isolate for going over the memory limit. */
  failForMemory(): void {
    this.fail("script-memory-limit", failureMessages.memory(this.limits.memoryMb), []);
  }

  // Runs one segment of tenant code, then takes the script's outcome if it has settled. A run
  // whose script still awaits a host call, or a promise that never settles, stays open.
  private runSegment(action: (started: bigint) => void): void {
    const compiled = this.compiled!;
    const started = process.hrtime.bigint();
    let outcome: unknown;

    try {
      if (this.cpuUsedMs >= this.limits.cpuTimeMs) throw NO_CPU_LEFT;
      // This segment may run up to the CPU limit, so messages of earlier runs go out first
      // unless its script is known to be quick (see QUICK_SEGMENT_US).
      if (compiled.quickSegments < QUICK_STREAK || this.outbox.waitingMs() >= MAX_HOLD_MS) this.outbox.flushNow();
      this.segments.announce(this.id);
      action(started);
      outcome = this.tenant.takeOutcome(this.id, this.cpuLeftMs(started));
    } catch (error) {
      this.failFrom(error);
      return;
    } finally {
      const segmentUs = microsecondsSince(started);

      compiled.quickSegments = segmentUs <= QUICK_SEGMENT_US ? compiled.quickSegments + 1 : 0;
      this.cpuUsedMs += segmentUs / 1_000;
      this.flushHostCalls();
    }
    if (outcome !== undefined) this.complete(outcome);
  }

  // CPU time left for the rest of a segment that began at `started`.
  private cpuLeftMs(started: bigint): number {
    return Math.max(1, Math.ceil(this.limits.cpuTimeMs - this.cpuUsedMs - microsecondsSince(started) / 1_000));
  }

  private flushHostCalls(): void {
    const calls = this.pendingCalls;

    this.pendingCalls = [];
    if (this.finished) return;
    for (const call of calls) this.outbox.push(call);
  }

  private complete(outcome: unknown): void {
    if (this.finished) return;
    const parts = typeof outcome === "string" ? splitOutcome(outcome) : undefined;

    if (parts === undefined) {
      this.fail("script-invalid-result", failureMessages.resultNotJson("the sandbox harness returned no outcome"), []);
      return;
    }
    this.settledNormally = true;
    const [kind, logsJson, dropped, payload] = parts;
    const logs = sanitizeLogs(parseJson(logsJson), Number(dropped), this.limits);

    if (kind === "value") {
      if (payload.length > this.limits.maxResultLength) {
        this.fail("script-invalid-result", failureMessages.resultTooLong(payload.length, this.limits.maxResultLength), logs);
        return;
      }
      this.finish({ type: "result", id: this.id, value: payload === "" ? undefined : payload, logs, timing: this.timing() });
      return;
    }
    if (kind === "rejected") {
      const { rule, line } = (parseJson(payload) ?? {}) as { rule?: unknown; line?: unknown };

      this.fail("script-syntax", failureMessages.rejected(String(rule), Number(line) || 0), logs);
      return;
    }
    if (kind === "thrown") {
      const { name, message, line } = (parseJson(payload) ?? {}) as { name?: unknown; message?: unknown; line?: unknown };

      this.fail("script-error", failureMessages.thrown(String(name ?? ""), String(message), Number(line) || 0), logs);
      return;
    }
    this.fail("script-invalid-result", failureMessages.resultNotJson(payload), logs);
  }

  private failFrom(error: unknown): void {
    if (this.finished) return;
    if (this.tenant.disposed) {
      this.failIsolate();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);

    if (message === TIMED_OUT) {
      if (error !== NO_CPU_LEFT) this.tenant.retired = true;
      this.fail("script-cpu-limit", failureMessages.cpu(this.limits.cpuTimeMs), this.readLogs());
      return;
    }
    this.fail("script-error", failureMessages.thrown("", message, 0), this.readLogs());
  }

  // isolated-vm disposed the isolate, so every run that held one of its contexts has failed.
  private failIsolate(): void {
    this.pool.remove(this.tenantId, this.tenant);
    for (const run of [...this.runs.values()]) {
      if (run.tenant === this.tenant) run.failForMemory();
    }
  }

  // `lines` is the number of lines of the code, so an error past them is in the wrapper.
  private failToCompile(error: unknown, lines: number): void {
    if (this.tenant.disposed) {
      this.failIsolate();
      return;
    }
    const text = error instanceof Error ? error.message : String(error);
    // isolated-vm appends the position to the message: "Unexpected token ';' [script.js:1:9]".
    const position = /\s*\[script\.js:(\d+):\d+\]$/.exec(text);
    const message = position ? text.slice(0, position.index) : text;

    const line = position ? Number(position[1]) : 0;

    this.fail("script-syntax", line > lines ? failureMessages.unclosed(message, lines) : failureMessages.syntax(message, line), []);
  }

  // Lines logged before the run was stopped. The isolate may be unusable after isolated-vm
  // stopped it, and then the run reports no lines rather than a second error.
  private readLogs(): ScriptLogEntry[] {
    if (this.tenant.disposed) return [];
    try {
      const [logs, dropped] = (parseJson(this.tenant.readLogs(this.id)) ?? []) as unknown[];

      return sanitizeLogs(logs, Number(dropped), this.limits);
    } catch {
      return [];
    }
  }

  private fail(code: ScriptFailureCode, message: string, logs: ScriptLogEntry[]): void {
    this.finish({ type: "failure", id: this.id, code, message, logs, timing: this.timing() });
  }

  private timing(): [number, number] {
    const totalUs = microsecondsSince(this.began);

    return [Math.round(this.prepareUs * 10) / 10, Math.round((totalUs - this.prepareUs) * 10) / 10];
  }

  private finish(message: WorkerMessage | undefined): void {
    this.finished = true;
    this.pendingCalls = [];
    this.runs.delete(this.id);
    if (this.compiled !== undefined) {
      this.tenant.activeRuns--;
      this.tenant.finish(this.id, this.usedScope ?? 0, this.settledNormally);
      this.compiled = undefined;
      if (this.tenant.retired && this.tenant.activeRuns === 0 && this.pool.find(this.tenantId) !== this.tenant) this.tenant.dispose();
    }
    if (message !== undefined) this.outbox.push(message);
  }
}

/** Splits the harness's outcome string into kind, logs JSON, dropped count and payload. */
function splitOutcome(outcome: string): [string, string, string, string] | undefined {
  const first = outcome.indexOf("\0");
  const second = outcome.indexOf("\0", first + 1);
  const third = outcome.indexOf("\0", second + 1);

  if (first < 0 || second < 0 || third < 0) return undefined;
  return [outcome.slice(0, first), outcome.slice(first + 1, second), outcome.slice(second + 1, third), outcome.slice(third + 1)];
}

// The harness builds this text with JSON.stringify, so it parses. A failure would be a harness
// bug, and the value then counts as absent rather than crashing the worker.
function parseJson(text: unknown): unknown {
  try {
    return typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Copies the log lines a script produced, trusting nothing about their shape. */
function sanitizeLogs(raw: unknown, dropped: number, limits: WorkerRunLimits): ScriptLogEntry[] {
  const entries: ScriptLogEntry[] = [];

  if (Array.isArray(raw)) {
    for (const entry of raw.slice(0, limits.maxLogEntries)) {
      const { level, message } = (entry ?? {}) as { level?: unknown; message?: unknown };

      // One more character than the limit keeps the ellipsis that the harness appends to a cut line.
      entries.push({ level: LOG_LEVELS.has(level as string) ? (level as ScriptLogEntry["level"]) : "info", message: String(message).slice(0, limits.maxLogLength + 1) });
    }
  }
  const droppedCount = dropped || 0;

  if (droppedCount > 0) entries.push({ level: "warn", message: `${droppedCount} more log lines were dropped; a run keeps at most ${limits.maxLogEntries}` });
  return entries;
}
