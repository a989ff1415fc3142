import type { Clock } from '../clock.js';
import { Timetable } from './timetable.js';

/** A session kept alive by the scheduler. */
export interface KeepAliveTarget {
  readonly intervalMs: number;
  /** When the session was last used or pinged; `undefined` once no session is held (it leaves the schedule). */
  lastUsedAt(): number | undefined;
  /** Ping the session; never rejects. */
  ping(): Promise<void>;
}

export interface KeepAliveSchedulerOptions {
  /** Pings in flight at once, for the whole process; default 16. */
  maxInFlight?: number;
  /** Pings come between 1 and `1 + jitter` intervals after the last use; default {@link KEEP_ALIVE_JITTER}. */
  jitter?: number;
}

/**
 * How much later than its interval a ping may come, as a fraction of the interval: sessions used together
 * are not pinged together.
 */
export const KEEP_ALIVE_JITTER = 0.1;

/**
 * One timer for any number of kept-alive sessions on one clock. A session is pinged only when it has
 * been idle for its whole interval (a use is as good as a ping), at a jittered time a little after,
 * with at most `maxInFlight` pings under way in the process; the rest wait their turn. Its timer never
 * holds the process open (clocks' timers are `unref`'d).
 */
export class KeepAliveScheduler {
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #jitter: number;
  readonly #timetable: Timetable<KeepAliveTarget>;
  readonly #scheduled = new Set<KeepAliveTarget>();
  /** Sessions due for a ping, waiting for a place in flight (a queue: `#ready[#readyHead]` is next). */
  // equivalent mutant: a stray first entry (`["Stryker was here"]`) is not on the schedule, so it is skipped
  #ready: KeepAliveTarget[] = [];
  #readyHead = 0;
  #inFlight = 0;
  #drained: (() => void) | undefined;

  constructor(clock: Clock, options: KeepAliveSchedulerOptions = {}) {
    this.#clock = clock;
    this.#maxInFlight = options.maxInFlight ?? 16;
    this.#jitter = options.jitter ?? KEEP_ALIVE_JITTER;
    this.#timetable = new Timetable(clock, (due, now) => this.#fire(due, now));
  }

  /** Sessions on the schedule (waiting, queued or being pinged). */
  get size(): number {
    return this.#scheduled.size;
  }

  /** Keep `target` alive from its last use on; adding it again changes nothing. */
  add(target: KeepAliveTarget): void {
    if (this.#scheduled.has(target)) return;
    const last = target.lastUsedAt();
    if (last === undefined) return;
    this.#scheduled.add(target);
    this.#schedule(target, last);
  }

  /** Stop keeping `target` alive (a ping under way still finishes). The last one out stops the timer. */
  remove(target: KeepAliveTarget): void {
    this.#scheduled.delete(target);
    if (this.#scheduled.size === 0) this.#timetable.clear();
  }

  /** The next ping of `target`: an interval after `last`, and up to `jitter` of one more. */
  #schedule(target: KeepAliveTarget, last: number): void {
    this.#timetable.add(last + target.intervalMs * (1 + this.#jitter * Math.random()), target);
  }

  /** Take every due session: ping the idle ones (a few at a time), reschedule the recently used. */
  #fire(due: KeepAliveTarget[], now: number): Promise<void> | undefined {
    for (const target of due) {
      // equivalent mutant: `if (false)`: a removed session that gets past here is never pinged, as #pump
      // checks again (a recently used one goes back on the timetable, to be skipped there at its next turn)
      if (!this.#scheduled.has(target)) continue;
      const last = target.lastUsedAt();
      if (last === undefined) this.#scheduled.delete(target);
      else if (now - last < target.intervalMs) this.#schedule(target, last);
      else this.#ready.push(target);
    }
    this.#pump();
    // manual clocks wait for this before moving on, so each ping lands at the minute it was due
    return this.#inFlight === 0 ? undefined : new Promise((resolve) => (this.#drained = resolve));
  }

  #waiting(): number {
    return this.#ready.length - this.#readyHead;
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#waiting() > 0) {
      const target = this.#ready[this.#readyHead++]!;
      // equivalent mutant: `if (false)`: this only frees the memory of a queue that was emptied
      if (this.#waiting() === 0) [this.#ready, this.#readyHead] = [[], 0];
      if (!this.#scheduled.has(target)) continue;
      this.#inFlight++;
      const done = () => {
        this.#inFlight--;
        const last = target.lastUsedAt();
        if (!this.#scheduled.has(target)) {
          // removed meanwhile: nothing to reschedule
        } else if (last === undefined) this.#scheduled.delete(target);
        // a failed ping did not move `last`: try again an interval after this attempt, not at once
        else this.#schedule(target, Math.max(last, this.#clock.now()));
        this.#pump();
        // none is left waiting when none is in flight: #pump just filled every free place
        if (this.#inFlight === 0) {
          // equivalent mutant: `this.#drained()`: the #fire that started these pings set it
          this.#drained?.();
          this.#drained = undefined;
        }
      };
      target.ping().then(done, done);
    }
  }
}

const schedulers = new WeakMap<Clock, KeepAliveScheduler>();

/** The process's scheduler for `clock` (one per clock, so manual clocks in tests stay apart). */
export function keepAliveSchedulerFor(clock: Clock): KeepAliveScheduler {
  let scheduler = schedulers.get(clock);
  if (!scheduler) schedulers.set(clock, (scheduler = new KeepAliveScheduler(clock)));
  return scheduler;
}
