/** Items by the time they fall due: a binary min-heap on `at`, earliest first. */
export class DueHeap<T> {
  readonly #entries: { at: number; item: T }[] = [];

  /** Items on the heap. */
  get size(): number {
    return this.#entries.length;
  }

  /** When the earliest item falls due; `Infinity` when there is none. */
  get nextAt(): number {
    return this.#entries[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, item: T): void {
    const heap = this.#entries;
    heap.push({ at, item });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      // equivalent mutant: `<` swaps equal times too, which keeps the heap a heap
      if (heap[parent]!.at <= heap[i]!.at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** Take every item due by `now`, earliest first. */
  popDue(now: number): T[] {
    const due: T[] = [];
    while (this.#entries.length > 0 && this.nextAt <= now) due.push(this.#pop());
    return due;
  }

  clear(): void {
    this.#entries.length = 0;
  }

  #pop(): T {
    const heap = this.#entries;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let least = i;
        // equivalent mutant: `<=` below picks another child of equal time, which keeps the heap a heap
        if (l < heap.length && heap[l]!.at < heap[least]!.at) least = l;
        if (r < heap.length && heap[r]!.at < heap[least]!.at) least = r;
        if (least === i) break;
        [heap[least], heap[i]] = [heap[i]!, heap[least]!];
        i = least;
      }
    }
    return top.item;
  }
}
