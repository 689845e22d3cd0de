import { TenantIsolate } from "./tenant-isolate.js";

/**
 * The tenant isolates of one worker process, least recently used first. Beyond `maxIsolates`, the
 * least recently used isolate without an active run is disposed. Isolates with active runs stay,
 * so the pool can exceed the maximum while many tenants run at once.
 */
export class IsolatePool {
  private readonly isolates = new Map<string, TenantIsolate>();
  private readonly maxIsolates: number;

  constructor(maxIsolates: number) {
    this.maxIsolates = maxIsolates;
  }

  /** Returns the tenant's isolate, replacing one that was disposed or has another memory limit. */
  acquire(tenantId: string, memoryMb: number): TenantIsolate {
    const existing = this.isolates.get(tenantId);

    if (existing !== undefined) this.isolates.delete(tenantId);
    if (existing !== undefined && !existing.disposed && !existing.retired && (existing.memoryMb === memoryMb || existing.activeRuns > 0)) {
      this.isolates.set(tenantId, existing);
      return existing;
    }
    // A retired isolate with runs in progress is disposed when its last run ends.
    if (existing !== undefined && (!existing.retired || existing.activeRuns === 0)) existing.dispose();
    const isolate = new TenantIsolate(memoryMb);

    this.isolates.set(tenantId, isolate);
    this.evict();
    return isolate;
  }

  /** Returns the tenant's isolate if this worker has one, without creating it. */
  find(tenantId: string): TenantIsolate | undefined {
    return this.isolates.get(tenantId);
  }

  /** Forgets a tenant's isolate after isolated-vm disposed it. */
  remove(tenantId: string, isolate: TenantIsolate): void {
    if (this.isolates.get(tenantId) === isolate) this.isolates.delete(tenantId);
    isolate.dispose();
  }

  private evict(): void {
    for (const [tenantId, isolate] of this.isolates) {
      if (this.isolates.size <= this.maxIsolates) return;
      if (isolate.activeRuns > 0) continue;
      this.isolates.delete(tenantId);
      isolate.dispose();
    }
  }
}
