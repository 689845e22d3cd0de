import ivm from "isolated-vm";

import { SCRIPT_FILE_NAME, sesBundle, wrapHarness, wrapScript } from "./isolate-harness.js";

/** Receives the host function calls that tenant code makes during a run. */
export interface HostCallSink {
  onHostCall(callId: number, path: string, args: string): void;
}

/** A script checked in an isolate, with a record of how long its segments of code ran. */
export interface CompiledScript {
  /** Segments in a row, up to the last one, that ended within the worker's quick bound. */
  quickSegments: number;
}

/** The harness functions of a realm (see isolate-harness.ts). */
interface Realm {
  readonly context: ivm.Context;
  readonly start: ivm.Reference;
  readonly resume: ivm.Reference;
  readonly takeOutcome: ivm.Reference;
  readonly readLogs: ivm.Reference;
  readonly finish: ivm.Reference;
  readonly dropScope: ivm.Reference;
}

/** A call whose runs share a compartment. */
interface CallScope {
  /** True while a run of the call uses the compartment. */
  busy: boolean;
  /** True once the call ended while a run held the compartment: the run's end releases it. */
  ended: boolean;
  /** `performance.now()` when a run last took the compartment. */
  lastUsedAt: number;
}

// Scripts whose syntax the isolate has checked, kept per isolate.
const MAX_CACHED_SCRIPTS = 32;

// Compartments of calls in progress kept per isolate, per MB of the isolate's memory limit: 256
// under the default 32 MB. The limit is an estimate that leaves most of the memory to the
// scripts, as a compartment takes a few KB of heap plus the globals its call sets. A call that
// starts beyond it keeps no compartment, so each of its scripts gets a new one.
const CALL_SCOPES_PER_MB = 8;

// Milliseconds after which an idle call compartment gives way to a new call. The runtime ends
// every call it starts, so only a caller of the sandbox that never ends its calls leaves such
// compartments.
const STALE_CALL_SCOPE_MS = 60_000;

// V8's code cache of SES, made by the first isolate of the worker, so later isolates skip parsing.
let sesCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

/**
 * The isolate of one tenant in a worker process, with its realm (one context with SES locked
 * down, see isolate-harness.ts), the scripts it has checked, and the calls whose runs share a
 * compartment. A compartment serves the runs of one call at most. A run without a call gets a
 * compartment of its own. The first run of a call creates the compartment that the call's later
 * runs reuse, and the call's end releases it, so no state of one call can reach another.
 */
export class TenantIsolate {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  /** Runs in progress in this isolate. */
  activeRuns = 0;
  /**
   * Set when isolated-vm stopped tenant code in the middle of a segment. The code may have been
   * inside SES or the harness, whose state the realm shares among the tenant's calls, so no new
   * run starts here: the pool gives the next run a new isolate.
   */
  retired = false;
  private readonly scripts = new Map<string, CompiledScript>();
  // Set by create() or prepare() before the isolate is handed out.
  private realm!: Realm;
  private readonly owners = new Map<number, HostCallSink>();
  // By scope number, least recently used first.
  private readonly callScopes = new Map<number, CallScope>();

  private constructor(memoryMb: number) {
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
  }

  /** Creates an isolate with its realm on this thread, which waits about 25 ms. */
  static create(memoryMb: number): TenantIsolate {
    const tenant = new TenantIsolate(memoryMb);

    try {
      tenant.realm = tenant.createRealm();
    } catch (error) {
      tenant.dispose();
      throw error;
    }
    return tenant;
  }

  /**
   * Creates an isolate with its realm on isolated-vm's own threads, so this thread stays free to
   * run other scripts meanwhile. The isolate belongs to no tenant until the pool hands it out.
   */
  static async prepare(memoryMb: number): Promise<TenantIsolate> {
    const tenant = new TenantIsolate(memoryMb);

    try {
      tenant.realm = await tenant.createRealmAsync();
    } catch (error) {
      tenant.dispose();
      throw error;
    }
    return tenant;
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Returns the record of `code` when the isolate has checked it, and marks it as recently used. */
  cached(code: string): CompiledScript | undefined {
    const cached = this.scripts.get(code);

    if (cached !== undefined) {
      this.scripts.delete(code);
      this.scripts.set(code, cached);
    }
    return cached;
  }

  /** Checks that `code` parses and keeps its record; throws the SyntaxError of code that does not. */
  compile(code: string): CompiledScript {
    const script = this.isolate.compileScriptSync(wrapScript(code), { filename: SCRIPT_FILE_NAME, lineOffset: -1 });
    const compiled = { quickSegments: 0 };

    script.release();
    this.scripts.set(code, compiled);
    if (this.scripts.size > MAX_CACHED_SCRIPTS) this.scripts.delete(this.scripts.keys().next().value as string);
    return compiled;
  }

  /**
   * Returns the scope for a new run of call `scope`. That is `scope` when the call has an idle
   * compartment, or when the call may keep a new one: `scope` is not 0 and the isolate keeps
   * fewer than it may. Otherwise it is 0, a compartment of the run's own.
   */
  enterScope(scope: number): number {
    if (scope === 0) return 0;
    const callScope = this.callScopes.get(scope);

    if (callScope !== undefined) {
      if (callScope.busy) return 0;
      this.callScopes.delete(scope);
      this.callScopes.set(scope, callScope);
      callScope.busy = true;
      callScope.lastUsedAt = performance.now();
      return scope;
    }
    if (!this.makeRoomForCall()) return 0;
    this.callScopes.set(scope, { busy: true, ended: false, lastUsedAt: performance.now() });
    return scope;
  }

  /**
   * Runs the first segment of run `runId` in the compartment of `scope`, which {@link enterScope}
   * returned. Throws what isolated-vm throws, such as its timeout.
   */
  start(owner: HostCallSink, runId: number, scope: number, args: readonly unknown[], timeout: number): void {
    this.owners.set(runId, owner);
    this.realm.start.applySync(undefined, [runId, scope, ...args], { timeout });
  }

  /** Settles host function call `callId` of the run, which runs what follows it. */
  resume(runId: number, callId: number, ok: boolean, payload: string | undefined, timeout: number): void {
    this.realm.resume.applySync(undefined, [runId, callId, ok, payload], { timeout });
  }

  /** Returns the run's outcome string once its script has settled, else undefined. */
  takeOutcome(runId: number, timeout: number): unknown {
    return this.realm.takeOutcome.applySync(undefined, [runId], { timeout });
  }

  /** Returns the JSON of `[logs, dropped]` of a run that was stopped. */
  readLogs(runId: number): unknown {
    return this.realm.readLogs.applySync(undefined, [runId], { timeout: 5 });
  }

  /**
   * Ends run `runId`, which used `scope` (as {@link enterScope} returned it). The call keeps its
   * compartment for its next run when `reusable`, which the run sets only when the script settled
   * normally; otherwise the compartment goes.
   */
  finish(runId: number, scope: number, reusable: boolean): void {
    this.owners.delete(runId);
    if (this.disposed) return;
    this.callRealm(this.realm.finish, runId);
    const callScope = scope === 0 ? undefined : this.callScopes.get(scope);

    if (callScope === undefined) return;
    callScope.busy = false;
    if (reusable && !callScope.ended) return;
    this.dropScope(scope);
  }

  /** Releases the compartment of a call that ended, or marks it for release when a run holds it. */
  endScope(scope: number): void {
    const callScope = this.callScopes.get(scope);

    if (callScope === undefined) return;
    if (callScope.busy) {
      callScope.ended = true;
      return;
    }
    this.dropScope(scope);
  }

  dispose(): void {
    this.callScopes.clear();
    this.scripts.clear();
    this.owners.clear();
    if (!this.disposed) this.isolate.dispose();
  }

  private dropScope(scope: number): void {
    this.callScopes.delete(scope);
    if (!this.disposed) this.callRealm(this.realm.dropScope, scope);
  }

  // Calls a harness function that runs no tenant code. A failure here means the isolate is gone
  // or broken, which the next run that needs it reports to the parent.
  private callRealm(reference: ivm.Reference, argument: number): void {
    try {
      reference.applySync(undefined, [argument], { timeout: 50 });
    } catch (error) {
      process.stderr.write(`script worker: harness call with ${argument} failed: ${(error as Error).message}\n`);
    }
  }

  // Returns true when a new call may keep a compartment, after releasing the least recently used
  // one if the isolate is at its maximum and that one has been idle for long.
  private makeRoomForCall(): boolean {
    if (this.callScopes.size < Math.floor(this.memoryMb * CALL_SCOPES_PER_MB)) return true;
    const [scope, oldest] = this.callScopes.entries().next().value as [number, CallScope];

    if (oldest.busy || performance.now() - oldest.lastUsedAt < STALE_CALL_SCOPE_MS) return false;
    this.dropScope(scope);
    return true;
  }

  // Loads SES into the isolate's one context and runs the harness there, which locks it down.
  private createRealm(): Realm {
    const ses = this.isolate.compileScriptSync(sesBundle(), sesOptions()) as ivm.Script & ivm.CachedDataResult;

    sesCache ??= ses.cachedData;
    const context = this.isolate.createContextSync();

    ses.runSync(context, { release: true });
    const harnessScript = this.isolate.compileScriptSync(wrapHarness(), { filename: "harness.js" });
    const install = harnessScript.runSync(context, { reference: true, release: true }) as ivm.Reference;

    return this.takeHarness(context, install.applySync(undefined, [this.hostCallback()], { result: { reference: true }, release: true }) as ivm.Reference);
  }

  // The same steps as createRealm, each on isolated-vm's threads.
  private async createRealmAsync(): Promise<Realm> {
    const ses = (await this.isolate.compileScript(sesBundle(), sesOptions())) as ivm.Script & ivm.CachedDataResult;

    sesCache ??= ses.cachedData;
    const context = await this.isolate.createContext();

    await ses.run(context, { release: true });
    const harnessScript = await this.isolate.compileScript(wrapHarness(), { filename: "harness.js" });
    const install = (await harnessScript.run(context, { reference: true, release: true })) as ivm.Reference;

    return this.takeHarness(context, (await install.apply(undefined, [this.hostCallback()], { result: { reference: true }, release: true })) as ivm.Reference);
  }

  // The callback through which the harness reports a host function call of run `runId`.
  private hostCallback(): ivm.Callback {
    return new ivm.Callback((runId: number, callId: number, path: string, args: string) => this.owners.get(runId)?.onHostCall(callId, path, args));
  }

  // Takes the harness's functions and releases the harness object.
  private takeHarness(context: ivm.Context, harness: ivm.Reference): Realm {
    const take = (name: string): ivm.Reference => harness.getSync(name, { reference: true }) as ivm.Reference;
    const realm = { context, start: take("start"), resume: take("resume"), takeOutcome: take("takeOutcome"), readLogs: take("readLogs"), finish: take("finish"), dropScope: take("dropScope") };

    harness.release();
    return realm;
  }
}

// isolated-vm sets `cachedData` on the script when asked to produce it; its types leave it out.
function sesOptions(): ivm.ScriptOrigin & ivm.CachedDataOptions {
  return { filename: "ses.js", cachedData: sesCache, produceCachedData: sesCache === undefined };
}
