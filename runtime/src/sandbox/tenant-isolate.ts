import ivm from "isolated-vm";

import { SCRIPT_FILE_NAME, wrapHarness, wrapScript } from "./isolate-harness.js";

/** Receives the host function calls that tenant code makes in a context. */
export interface HostCallSink {
  onHostCall(callId: number, path: string, args: string): void;
}

/** A fresh context with the harness installed. It serves one run and is then released. */
export interface PreparedContext {
  readonly context: ivm.Context;
  readonly start: ivm.Reference;
  readonly resume: ivm.Reference;
  readonly takeOutcome: ivm.Reference;
  readonly readLogs: ivm.Reference;
  /** The run that took the context; host function calls go to it. */
  owner: HostCallSink | undefined;
}

// Compiled scripts kept per isolate. A script compiles once and runs in any context of the
// isolate, so a flow's script nodes skip parsing after their first run.
const MAX_CACHED_SCRIPTS = 32;

/**
 * The isolate of one tenant in a worker process, with its compiled scripts and one spare
 * context. A context is never reused: each run takes a fresh one, so no state of one run can
 * reach the next. Creating a context with the harness costs about 0.4 ms, so the worker prepares
 * the spare after a run has sent its result rather than on the next run's path.
 */
export class TenantIsolate {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  /** Runs that hold a context of this isolate. */
  activeRuns = 0;
  private readonly scripts = new Map<string, ivm.Script>();
  private readonly harness: ivm.Script;
  private spare: PreparedContext | undefined;

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

  /** Returns the compiled script for `code`; throws the SyntaxError of code that does not parse. */
  compile(code: string): ivm.Script {
    const cached = this.scripts.get(code);

    if (cached !== undefined) {
      this.scripts.delete(code);
      this.scripts.set(code, cached);
      return cached;
    }
    const script = this.isolate.compileScriptSync(wrapScript(code), { filename: SCRIPT_FILE_NAME, lineOffset: -1 });

    this.scripts.set(code, script);
    if (this.scripts.size > MAX_CACHED_SCRIPTS) {
      const [oldest, evicted] = this.scripts.entries().next().value as [string, ivm.Script];

      this.scripts.delete(oldest);
      evicted.release();
    }
    return script;
  }

  /** Takes the spare context, or prepares one now when there is none. */
  takeContext(owner: HostCallSink): PreparedContext {
    const prepared = this.spare ?? this.prepareContext();

    this.spare = undefined;
    prepared.owner = owner;
    return prepared;
  }

  /** Prepares the spare context if there is none and the isolate is alive. */
  prepareSpare(): void {
    if (this.spare !== undefined || this.disposed) return;
    this.spare = this.prepareContext();
  }

  dispose(): void {
    this.spare = undefined;
    this.scripts.clear();
    if (!this.disposed) this.isolate.dispose();
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
