import { describe, expect, it } from 'vitest';
import { DueHeap } from '../src/token/dueHeap.js';

describe('DueHeap', () => {
  it('hands items out earliest first, only those due, however they were pushed', () => {
    const heap = new DueHeap<number>();
    const times = Array.from({ length: 200 }, (_, i) => (i * 7919) % 1000);
    for (const at of times) heap.push(at, at);
    expect(heap.size).toBe(200);
    expect(heap.nextAt).toBe(0);
    const early = heap.popDue(499);
    expect(early).toEqual([...times].filter((at) => at <= 499).sort((a, b) => a - b));
    expect(heap.nextAt).toBe(Math.min(...times.filter((at) => at > 499)));
    const late = heap.popDue(Number.POSITIVE_INFINITY);
    expect(late).toEqual([...times].filter((at) => at > 499).sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });

  it('an item due exactly now is due; an empty heap is due at Infinity and gives nothing', () => {
    const heap = new DueHeap<string>();
    expect(heap.nextAt).toBe(Number.POSITIVE_INFINITY);
    expect(heap.popDue(Number.POSITIVE_INFINITY)).toEqual([]);
    heap.push(10, 'b');
    heap.push(5, 'a');
    expect(heap.popDue(4)).toEqual([]);
    expect(heap.popDue(5)).toEqual(['a']);
    expect(heap.popDue(10)).toEqual(['b']);
  });

  it('clear() forgets every item', () => {
    const heap = new DueHeap<string>();
    heap.push(1, 'a');
    heap.push(2, 'b');
    heap.clear();
    expect([heap.size, heap.nextAt, heap.popDue(3)]).toEqual([0, Number.POSITIVE_INFINITY, []]);
  });
});
