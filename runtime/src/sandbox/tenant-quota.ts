/** Run slots of one tenant: how many runs execute, and the runs waiting for a slot in order. */
interface TenantSlots {
  running: number;
  readonly waiting: Array<() => void>;
}

/** Limits how many script runs of each tenant execute at once, with a bounded queue for the rest. */
export class TenantQuota {
  private readonly tenants = new Map<string, TenantSlots>();

  /** Takes a slot if fewer than `maxRunning` runs of the tenant execute. */
  tryAcquire(tenantId: string, maxRunning: number): boolean {
    const slots = this.slotsOf(tenantId);

    if (slots.running >= maxRunning) return false;
    slots.running++;
    return true;
  }

  /**
   * Queues `grant`, which is called once a slot is handed over. Returns false, queuing nothing,
   * when `maxWaiting` runs of the tenant wait already.
   */
  enqueue(tenantId: string, maxWaiting: number, grant: () => void): boolean {
    const slots = this.slotsOf(tenantId);

    if (slots.waiting.length >= maxWaiting) return false;
    slots.waiting.push(grant);
    return true;
  }

  /** Removes a queued `grant` whose run ended while it waited. */
  withdraw(tenantId: string, grant: () => void): void {
    const slots = this.tenants.get(tenantId);
    const index = slots?.waiting.indexOf(grant) ?? -1;

    if (slots !== undefined && index >= 0) slots.waiting.splice(index, 1);
    this.forgetIdle(tenantId);
  }

  /** Frees a slot, handing it to the first waiting run if there is one. */
  release(tenantId: string): void {
    const slots = this.tenants.get(tenantId);

    if (slots === undefined) return;
    const next = slots.waiting.shift();

    if (next !== undefined) {
      next();
      return;
    }
    slots.running--;
    this.forgetIdle(tenantId);
  }

  /** Runs of the tenant executing and waiting now. */
  counts(tenantId: string): { running: number; waiting: number } {
    const slots = this.tenants.get(tenantId);

    return { running: slots?.running ?? 0, waiting: slots?.waiting.length ?? 0 };
  }

  private slotsOf(tenantId: string): TenantSlots {
    let slots = this.tenants.get(tenantId);

    if (slots === undefined) {
      slots = { running: 0, waiting: [] };
      this.tenants.set(tenantId, slots);
    }
    return slots;
  }

  private forgetIdle(tenantId: string): void {
    const slots = this.tenants.get(tenantId);

    if (slots !== undefined && slots.running === 0 && slots.waiting.length === 0) this.tenants.delete(tenantId);
  }
}
