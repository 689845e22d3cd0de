/** An item that stores its position in an {@link IndexedHeap}, so that it can be removed in O(log n). */
export interface HeapItem {
  heapIndex: number;
}

/**
 * A binary min-heap ordered by `before(a, b)` (true when `a` comes first), whose items store
 * their own position. Removing any item is O(log n), so a waiting call that hangs up or
 * overflows leaves its queue without a scan.
 */
export class IndexedHeap<Item extends HeapItem> {
  private readonly items: Item[] = [];

  constructor(private readonly before: (a: Item, b: Item) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): Item | undefined {
    return this.items[0];
  }

  push(item: Item): void {
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  /** Removes `item`; false when it is not in this heap. */
  remove(item: Item): boolean {
    const index = item.heapIndex;

    if (index < 0 || this.items[index] !== item) return false;
    const last = this.items.pop()!;

    item.heapIndex = -1;
    if (last !== item) {
      this.items[index] = last;
      last.heapIndex = index;
      this.down(index);
      this.up(last.heapIndex);
    }
    return true;
  }

  /** Items in heap order (not sorted), for snapshots and checks. */
  values(): readonly Item[] {
    return this.items;
  }

  private up(index: number): void {
    const item = this.items[index];

    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.items[parentIndex];

      if (!this.before(item, parent)) break;
      this.items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    this.items[index] = item;
    item.heapIndex = index;
  }

  private down(index: number): void {
    const count = this.items.length;
    const item = this.items[index];

    for (;;) {
      const left = 2 * index + 1;

      if (left >= count) break;
      const right = left + 1;
      const child = right < count && this.before(this.items[right], this.items[left]) ? right : left;

      if (!this.before(this.items[child], item)) break;
      this.items[index] = this.items[child];
      this.items[index].heapIndex = index;
      index = child;
    }
    this.items[index] = item;
    item.heapIndex = index;
  }
}
