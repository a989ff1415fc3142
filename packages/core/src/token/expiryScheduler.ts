import type { Clock } from '../clock.js';
import { Timetable } from './timetable.js';

/** A holder of a token that runs out at a time (a `TokenManager`). */
export interface ExpiryTarget {
  /** When the token held now stops being usable (clock ms); `undefined` while none is held. */
  dueAt(): number | undefined;
  /** Its time has come: drop the token, unless a use moved its time since (it checks). */
  expire(): void;
}

/** A target's place on the timetable; a replaced or withdrawn one is skipped when it comes due. */
interface Entry {
  /** Held weakly: a manager dropped without `close()` is not kept alive by its token's expiry. */
  readonly target: WeakRef<ExpiryTarget>;
  at: number;
  live: boolean;
}

/**
 * One timer for the expiry of every token held on one clock, so that `expired` comes at its moment and not
 * when a caller happens to find the token dead. A sliding token's time moves with every use; the
 * scheduler does not follow each use, but looks again when the old time comes (as keep-alive does).
 */
export class ExpiryScheduler {
  readonly #timetable: Timetable<Entry>;
  readonly #entries = new WeakMap<ExpiryTarget, Entry>();
  /** Live entries: when none is left, the timer stops. */
  #live = 0;

  constructor(clock: Clock) {
    this.#timetable = new Timetable(clock, (due, now) => this.#fire(due, now));
  }

  /** Targets watched now. */
  get size(): number {
    return this.#live;
  }

  /** Call `target.expire()` when its token's time comes; a token that never expires by time is not watched. */
  watch(target: ExpiryTarget): void {
    const at = target.dueAt();
    if (at === undefined || at === Number.POSITIVE_INFINITY) return;
    const entry = this.#entries.get(target);
    if (entry && entry.at <= at) return; // it comes due first, and looks again then
    if (entry) entry.live = false;
    else this.#live++;
    this.#add(target, { target: new WeakRef(target), at, live: true });
  }

  /** Stop watching `target`. The last one out stops the timer. */
  unwatch(target: ExpiryTarget): void {
    const entry = this.#entries.get(target);
    if (entry) this.#end(target, entry);
  }

  #add(target: ExpiryTarget, entry: Entry): void {
    this.#entries.set(target, entry);
    this.#timetable.add(entry.at, entry);
  }

  #end(target: ExpiryTarget | undefined, entry: Entry): void {
    entry.live = false;
    if (target) this.#entries.delete(target);
    if (--this.#live === 0) this.#timetable.clear();
  }

  #fire(due: Entry[], now: number): void {
    for (const entry of due) {
      if (!entry.live) continue;
      const target = entry.target.deref();
      const at = target?.dueAt();
      if (!target || at === undefined || at === Number.POSITIVE_INFINITY) this.#end(target, entry);
      else if (at > now) {
        entry.at = at;
        this.#add(target, entry);
      } else {
        this.#end(target, entry);
        target.expire();
      }
    }
  }
}

const schedulers = new WeakMap<Clock, ExpiryScheduler>();

/** The process's expiry scheduler for `clock` (one per clock, so manual clocks in tests stay apart). */
export function expirySchedulerFor(clock: Clock): ExpiryScheduler {
  let scheduler = schedulers.get(clock);
  if (!scheduler) schedulers.set(clock, (scheduler = new ExpiryScheduler(clock)));
  return scheduler;
}
