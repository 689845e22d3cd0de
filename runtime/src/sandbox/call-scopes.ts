import type { SandboxWorker } from "./sandbox-worker.js";

/** The scripts of one call, as the parent tracks them: the call's scope number and where its contexts are. */
export interface CallScope {
  /** Number the workers know the call by; never reused. */
  readonly id: number;
  readonly tenantId: string;
  /** Worker that ran the call's last script, which keeps the call's context warm. */
  lastWorker: SandboxWorker | undefined;
  /** Workers that may keep a context of the call, which all hear of its end. */
  readonly workers: Set<SandboxWorker>;
}

/**
 * Scopes of the calls whose scripts are in progress, by the call object that the node passes.
 * A WeakMap, so a call that never ends leaves nothing here once it is collected. Its contexts in
 * the workers stay until their isolate's limit of kept call contexts releases them.
 */
export class CallScopes {
  private readonly scopes = new WeakMap<object, CallScope>();
  private nextId = 1;

  /**
   * Returns the scope of `call` for the tenant, creating it at the call's first script. Returns
   * undefined without a call, and for a call object that another tenant's scripts already used,
   * so two tenants never share a scope.
   */
  scopeOf(tenantId: string, call: object | undefined): CallScope | undefined {
    if (call === undefined) return undefined;
    const existing = this.scopes.get(call);

    if (existing !== undefined) return existing.tenantId === tenantId ? existing : undefined;
    const scope = { id: this.nextId++, tenantId, lastWorker: undefined, workers: new Set<SandboxWorker>() };

    this.scopes.set(call, scope);
    return scope;
  }

  /** Forgets the call and sends each worker that ran its scripts an `end-scope` message, which releases the call's context. */
  end(call: object): void {
    const scope = this.scopes.get(call);

    if (scope === undefined) return;
    this.scopes.delete(call);
    for (const worker of scope.workers) worker.send({ type: "end-scope", tenantId: scope.tenantId, scope: scope.id });
  }
}
