/** Options of a {@link Waiters}. */
export interface WaitersOptions<T> {
  /**
   * Settles an entry still pending after this many ms with `value`, for completions whose event
   * may never come. Default: entries wait until settled or failed by their owner.
   */
  giveUp?: { afterMs: number; value: T };
}

interface PendingEntry<T> {
  resolve(value: T): void;
  owner: string;
  /** Epoch ms after which a sweep gives the entry up; 0 when it never does. */
  deadline: number;
}

// A give-up sweep runs this many times per give-up period, so an entry is settled between
// `afterMs` and `afterMs` plus a thirtieth of it after it started waiting.
const SWEEPS_PER_PERIOD = 30;

/**
 * Pending completions keyed by id (playback ids, recording names), settled by events. An entry
 * left after its channel is gone is settled by {@link Waiters.failAll}, so no caller waits forever.
 * One sweep timer per instance gives up overdue entries, rather than a timer per entry, because
 * every prompt of every call waits here.
 */
export class Waiters<T> {
  private readonly pending = new Map<string, PendingEntry<T>>();
  // Ids pending per owner, so that failAll, run at every call's end, visits that call's entries
  // only rather than every pending entry of the connection. An owner's set is kept until failAll
  // (or a sweep finds it empty), so a call that plays prompt after prompt builds it once.
  private readonly idsByOwner = new Map<string, Set<string>>();
  private readonly giveUp: { afterMs: number; value: T } | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(options: WaitersOptions<T> = {}) {
    this.giveUp = options.giveUp;
  }

  /** Waits for `settle(id, ...)`; `owner` is the channel id, for {@link Waiters.failAll}. */
  wait(id: string, owner: string): Promise<T> {
    return new Promise((resolve) => {
      const previous = this.pending.get(id);

      // A reused id moves to its new owner, so that failAll of the old owner leaves it alone.
      if (previous) this.idsByOwner.get(previous.owner)?.delete(id);
      this.pending.set(id, { resolve, owner, deadline: this.giveUp ? Date.now() + this.giveUp.afterMs : 0 });
      let ids = this.idsByOwner.get(owner);

      if (!ids) {
        ids = new Set();
        this.idsByOwner.set(owner, ids);
      }
      ids.add(id);
      if (this.giveUp && this.sweepTimer === undefined) this.startSweeping(this.giveUp.afterMs);
    });
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  settle(id: string, value: T): boolean {
    const entry = this.pending.get(id);

    if (!entry) return false;
    this.pending.delete(id);
    this.idsByOwner.get(entry.owner)?.delete(id);
    entry.resolve(value);
    return true;
  }

  /** Settles every entry of one channel with `value`. */
  failAll(owner: string, value: T): void {
    const ids = this.idsByOwner.get(owner);

    if (!ids) return;
    this.idsByOwner.delete(owner);
    for (const id of ids) {
      const entry = this.pending.get(id);

      this.pending.delete(id);
      entry?.resolve(value);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  /** Stops the give-up sweep; entries still pending stay until settled or failed. */
  close(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  private startSweeping(afterMs: number): void {
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(1, Math.ceil(afterMs / SWEEPS_PER_PERIOD)));
    // The sweep alone must not keep the process alive.
    this.sweepTimer.unref();
  }

  private sweep(): void {
    const now = Date.now();

    for (const [id, entry] of this.pending) {
      if (entry.deadline !== 0 && entry.deadline <= now) this.settle(id, this.giveUp!.value);
    }
    for (const [owner, ids] of this.idsByOwner) if (ids.size === 0) this.idsByOwner.delete(owner);
    if (this.pending.size === 0) this.close();
  }
}
