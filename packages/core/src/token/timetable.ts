import type { Clock, TimerHandle } from '../clock.js';
import { DueHeap } from './dueHeap.js';

/** The longest wait Node's timers take (about 24.8 days); a later time is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Any number of items, each due at its own time on one clock, with one timer for all of them: the
 * earliest. When it fires, `onDue` gets every item that is due; it may add them again for later. The
 * timer never holds the process open (clocks' timers are `unref`'d).
 */
export class Timetable<T> {
  readonly #clock: Clock;
  readonly #onDue: (due: T[], now: number) => Promise<void> | void;
  readonly #heap = new DueHeap<T>();
  #timer: TimerHandle | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(clock: Clock, onDue: (due: T[], now: number) => Promise<void> | void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  /** Items waiting for their time. */
  get size(): number {
    return this.#heap.size;
  }

  /** Hand `item` to `onDue` at `at` (clock ms). */
  add(at: number, item: T): void {
    this.#heap.push(at, item);
    this.#arm();
  }

  /** Forget every item and stop the timer. */
  clear(): void {
    // equivalent mutant: `if (true)`: clocks ignore an unknown handle such as `undefined`
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    this.#heap.clear();
  }

  /** One timer, for the earliest item. */
  #arm(): void {
    const next = this.#heap.nextAt;
    if (next >= this.#timerAt) return;
    // equivalent mutant: `if (true)`, as in clear()
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timerAt = next;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, next - this.#clock.now()));
    this.#timer = this.#clock.setTimeout(() => this.#fire(), wait);
  }

  /** Returns what `onDue` returns: manual clocks wait for it before time moves on. */
  #fire(): Promise<void> | void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = this.#clock.now();
    const due = this.#heap.popDue(now);
    const done = due.length > 0 ? this.#onDue(due, now) : undefined;
    this.#arm();
    return done;
  }
}
