import { TenantIsolate } from "./tenant-isolate.js";

/**
 * The tenant isolates of one worker process, least recently used first. Beyond `maxIsolates`, the
 * least recently used isolate without an active run is disposed. Isolates with active runs stay,
 * so the pool can exceed the maximum while many tenants run at once.
 */
export class IsolatePool {
  private readonly isolates = new Map<string, TenantIsolate>();
  private readonly maxIsolates: number;
  // An isolate with its realm, made in the background for the next tenant that needs one.
  private spare: TenantIsolate | undefined;
  private preparing = false;

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
    const isolate = this.takeSpare(memoryMb) ?? TenantIsolate.create(memoryMb);

    this.isolates.set(tenantId, isolate);
    this.evict();
    this.prepareSpare(memoryMb);
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

  // Returns the spare isolate when it is ready and has the memory limit asked for.
  private takeSpare(memoryMb: number): TenantIsolate | undefined {
    const spare = this.spare;

    if (spare === undefined || spare.disposed || spare.memoryMb !== memoryMb) return undefined;
    this.spare = undefined;
    return spare;
  }

  // Starts making a spare isolate unless one is ready with this memory limit or being made. A
  // realm takes about 25 ms of CPU, which isolated-vm spends on its own threads, so a new
  // tenant's first run then finds its isolate ready. A failure leaves no spare, and the next
  // new tenant creates its isolate on its run's path.
  private prepareSpare(memoryMb: number): void {
    if (this.preparing || (this.spare !== undefined && this.spare.memoryMb === memoryMb)) return;
    this.spare?.dispose();
    this.spare = undefined;
    this.preparing = true;
    TenantIsolate.prepare(memoryMb).then(
      (isolate) => {
        this.preparing = false;
        this.spare = isolate;
      },
      (error: unknown) => {
        this.preparing = false;
        process.stderr.write(`script worker: preparing a spare isolate of ${memoryMb} MB failed: ${(error as Error).message}\n`);
      },
    );
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
