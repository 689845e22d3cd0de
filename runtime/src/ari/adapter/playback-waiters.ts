/**
 * Pending completions keyed by id (playback ids, recording names), settled by events. An entry
 * left after its channel is gone is settled by {@link Waiters.failAll}, so no caller waits forever.
 */
export class Waiters<T> {
  private readonly pending = new Map<string, { resolve(value: T): void; owner: string }>();
  // Ids pending per owner, so that failAll, run at every call's end, visits that call's entries
  // only rather than every pending entry of the connection.
  private readonly idsByOwner = new Map<string, Set<string>>();

  /** Waits for `settle(id, ...)`; `owner` is the channel id, for {@link Waiters.failAll}. */
  wait(id: string, owner: string): Promise<T> {
    return new Promise((resolve) => {
      const previous = this.pending.get(id);

      // A reused id moves to its new owner, so that failAll of the old owner leaves it alone.
      if (previous) this.forgetOwner(id, previous.owner);
      this.pending.set(id, { resolve, owner });
      let ids = this.idsByOwner.get(owner);

      if (!ids) {
        ids = new Set();
        this.idsByOwner.set(owner, ids);
      }
      ids.add(id);
    });
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  settle(id: string, value: T): boolean {
    const entry = this.pending.get(id);

    if (!entry) return false;
    this.pending.delete(id);
    this.forgetOwner(id, entry.owner);
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

  private forgetOwner(id: string, owner: string): void {
    const ids = this.idsByOwner.get(owner);

    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.idsByOwner.delete(owner);
  }
}
