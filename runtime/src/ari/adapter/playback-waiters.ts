/**
 * Pending completions keyed by id (playback ids, recording names), settled by events. An entry
 * left after its channel is gone is settled by {@link Waiters.failAll}, so no caller waits forever.
 */
export class Waiters<T> {
  private readonly pending = new Map<string, { resolve(value: T): void; owner: string }>();

  /** Waits for `settle(id, ...)`; `owner` is the channel id, for {@link Waiters.failAll}. */
  wait(id: string, owner: string): Promise<T> {
    return new Promise((resolve) => this.pending.set(id, { resolve, owner }));
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  settle(id: string, value: T): boolean {
    const entry = this.pending.get(id);

    if (!entry) return false;
    this.pending.delete(id);
    entry.resolve(value);
    return true;
  }

  /** Settles every entry of one channel with `value`. */
  failAll(owner: string, value: T): void {
    for (const [id, entry] of this.pending) {
      if (entry.owner === owner) {
        this.pending.delete(id);
        entry.resolve(value);
      }
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
