import ivm from "isolated-vm";

import { SCRIPT_FILE_NAME, wrapHarness, wrapScript } from "./isolate-harness.js";

/** Receives the host function calls that tenant code makes in a context. */
export interface HostCallSink {
  onHostCall(callId: number, path: string, args: string): void;
}

/**
 * A context with the harness installed. It serves one run, or the runs of one call one after
 * another, and is then released.
 */
export interface PreparedContext {
  readonly context: ivm.Context;
  readonly start: ivm.Reference;
  readonly resume: ivm.Reference;
  readonly takeOutcome: ivm.Reference;
  readonly readLogs: ivm.Reference;
  /** The run that took the context; host function calls go to it. */
  owner: HostCallSink | undefined;
}

/** A script compiled in an isolate, with a record of how long its segments of code ran. */
export interface CompiledScript {
  readonly script: ivm.Script;
  /** Segments in a row, up to the last one, that ended within the worker's quick bound. */
  quickSegments: number;
}

/** The context of one call, kept between the call's runs. */
interface CallContext {
  readonly prepared: PreparedContext;
  /** True while a run of the call uses the context. */
  busy: boolean;
  /** True once the call ended while a run held the context: the run's end releases it. */
  ended: boolean;
  /** `performance.now()` when a run last took the context. */
  lastUsedAt: number;
}

// Compiled scripts kept per isolate. A script compiles once and runs in any context of the
// isolate, so a flow's script nodes skip parsing after their first run.
const MAX_CACHED_SCRIPTS = 32;

// Contexts of calls in progress kept per isolate, per MB of the isolate's memory limit. An empty
// context with the harness takes about 165 KB of heap (isolated-vm 5.0.4, Node.js 20), so the
// kept contexts take about a quarter of the limit: 48 contexts, 8 MB, under the default 32 MB.
// A call that starts beyond this keeps no context, so each of its scripts gets a fresh one.
// Evicting a kept context instead would, with calls taking turns, evict the one needed next.
const CALL_CONTEXTS_PER_MB = 1.5;

// Milliseconds after which an idle kept context gives way to a new call. The runtime ends every
// call it starts, so only a caller of the sandbox that never ends its calls leaves such contexts.
const STALE_CALL_CONTEXT_MS = 60_000;

/**
 * The isolate of one tenant in a worker process, with its compiled scripts, one spare context and
 * the contexts of calls in progress. A context serves the runs of one call at most. A run without
 * a call takes a fresh context. The first run of a call takes a fresh one that the call's later
 * runs reuse, and the call's end releases it, so no state of one call can reach another. Creating a
 * context with the harness costs about 0.35 ms, so the worker prepares the spare after a run has
 * sent its result rather than on the next run's path.
 */
export class TenantIsolate {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  /** Runs that hold a context of this isolate. */
  activeRuns = 0;
  private readonly scripts = new Map<string, CompiledScript>();
  private readonly harness: ivm.Script;
  private spare: PreparedContext | undefined;
  // By scope number, least recently used first.
  private readonly callContexts = new Map<number, CallContext>();

  constructor(memoryMb: number) {
    this.memoryMb = memoryMb;
    this.isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      // isolated-vm's README: after this callback V8 has lost control of the isolate and the
      // process must end. The parent detects the exit and restarts the worker.
      onCatastrophicError: (message) => {
        process.stderr.write(`isolated-vm catastrophic error: ${message}\n`);
        process.abort();
      },
    });
    this.harness = this.isolate.compileScriptSync(wrapHarness(), { filename: "harness.js" });
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Returns the compiled script for `code` when the isolate has it, and marks it as recently used. */
  cached(code: string): CompiledScript | undefined {
    const cached = this.scripts.get(code);

    if (cached !== undefined) {
      this.scripts.delete(code);
      this.scripts.set(code, cached);
    }
    return cached;
  }

  /** Compiles `code` and keeps it; throws the SyntaxError of code that does not parse. */
  compile(code: string): CompiledScript {
    const compiled = { script: this.isolate.compileScriptSync(wrapScript(code), { filename: SCRIPT_FILE_NAME, lineOffset: -1 }), quickSegments: 0 };

    this.scripts.set(code, compiled);
    if (this.scripts.size > MAX_CACHED_SCRIPTS) {
      const [oldest, evicted] = this.scripts.entries().next().value as [string, CompiledScript];

      this.scripts.delete(oldest);
      evicted.script.release();
    }
    return compiled;
  }

  /**
   * Takes the context of the call `scope` when it has an idle one, else the spare context, or a
   * context prepared now. A context taken for a call stays the call's after the run (see
   * {@link giveBack}). Scope 0, a call whose context another run holds, and a call that starts
   * when the isolate keeps as many call contexts as it may, get a context of their own.
   */
  takeContext(owner: HostCallSink, scope: number): PreparedContext {
    const callContext = scope === 0 ? undefined : this.callContexts.get(scope);

    if (callContext !== undefined && !callContext.busy) {
      this.callContexts.delete(scope);
      this.callContexts.set(scope, callContext);
      callContext.busy = true;
      callContext.lastUsedAt = performance.now();
      callContext.prepared.owner = owner;
      return callContext.prepared;
    }
    const prepared = this.spare ?? this.prepareContext();

    this.spare = undefined;
    prepared.owner = owner;
    if (scope !== 0 && callContext === undefined && this.makeRoomForCall()) {
      this.callContexts.set(scope, { prepared, busy: true, ended: false, lastUsedAt: performance.now() });
    }
    return prepared;
  }

  /**
   * Returns a context after a run. The call keeps it for its next run when `reusable`, which the
   * run sets only when the script settled normally. Otherwise, and for a context of the run's
   * own, the context is released.
   */
  giveBack(prepared: PreparedContext, scope: number, reusable: boolean): void {
    const callContext = scope === 0 ? undefined : this.callContexts.get(scope);

    prepared.owner = undefined;
    if (callContext === undefined || callContext.prepared !== prepared) {
      releaseContext(prepared);
      return;
    }
    callContext.busy = false;
    if (reusable && !callContext.ended && !this.disposed) return;
    this.callContexts.delete(scope);
    releaseContext(prepared);
  }

  /** Releases the context of a call that ended, or marks it for release when a run holds it. */
  endScope(scope: number): void {
    const callContext = this.callContexts.get(scope);

    if (callContext === undefined) return;
    if (callContext.busy) {
      callContext.ended = true;
      return;
    }
    this.callContexts.delete(scope);
    releaseContext(callContext.prepared);
  }

  /** Prepares the spare context if there is none and the isolate is alive. */
  prepareSpare(): void {
    if (this.spare !== undefined || this.disposed) return;
    this.spare = this.prepareContext();
  }

  dispose(): void {
    this.spare = undefined;
    this.callContexts.clear();
    this.scripts.clear();
    if (!this.disposed) this.isolate.dispose();
  }

  // Returns true when a new call may keep a context, after releasing the least recently used
  // one if the isolate is at its maximum and that one has been idle for long.
  private makeRoomForCall(): boolean {
    if (this.callContexts.size < Math.floor(this.memoryMb * CALL_CONTEXTS_PER_MB)) return true;
    const [scope, oldest] = this.callContexts.entries().next().value as [number, CallContext];

    if (oldest.busy || performance.now() - oldest.lastUsedAt < STALE_CALL_CONTEXT_MS) return false;
    this.callContexts.delete(scope);
    releaseContext(oldest.prepared);
    return true;
  }

  private prepareContext(): PreparedContext {
    const context = this.isolate.createContextSync();
    const prepared = { context, owner: undefined } as { -readonly [K in keyof PreparedContext]: PreparedContext[K] };
    const requestHostCall = new ivm.Callback((callId: number, path: string, args: string) => prepared.owner?.onHostCall(callId, path, args));
    const install = this.harness.runSync(context, { reference: true }) as ivm.Reference;
    const harness = install.applySync(undefined, [requestHostCall], { result: { reference: true } }) as ivm.Reference;

    install.release();

    prepared.start = harness.getSync("start", { reference: true });
    prepared.resume = harness.getSync("resume", { reference: true });
    prepared.takeOutcome = harness.getSync("takeOutcome", { reference: true });
    prepared.readLogs = harness.getSync("readLogs", { reference: true });
    harness.release();
    return prepared;
  }
}

/** Releases a context and its harness references; isolated-vm 5.0.4 allows this after the isolate was disposed. */
export function releaseContext(prepared: PreparedContext): void {
  prepared.owner = undefined;
  prepared.start.release();
  prepared.resume.release();
  prepared.takeOutcome.release();
  prepared.readLogs.release();
  prepared.context.release();
}
