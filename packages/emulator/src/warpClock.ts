import type { Clock, TimerHandle } from '@x/core';

const MAX_REAL_DELAY = 2 ** 31 - 1;

interface Timer {
  id: number;
  at: number;
  fn: () => unknown;
  real: NodeJS.Timeout | undefined;
}

/**
 * A clock that follows wall time and can be moved forward (the playground's time warp), shared by an
 * emulator and the clients that talk to it.
 */
export interface WarpClock extends Clock {
  /** Jump forward by `ms`, firing every timer that falls due on the way, at its own simulated moment. */
  advance(ms: number): Promise<void>;
  /** Undo every `advance()`: back on wall time. Pending timers stay, at the times they were set for. */
  reset(): void;
  /** Cancel every pending timer (the session is over). */
  stop(): void;
}

/**
 * Wall time plus an offset that `advance()` grows. A timer fires either when its real delay has passed or
 * when a warp jumps past it, at its own moment: a warp of 16 minutes fires a 10-minute keep-alive (at
 * minute 10 to 11, jittered) before the idle expiry at minute 15. Real timers never hold the process open.
 */
export function warpClock(): WarpClock {
  let offset = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const now = () => Date.now() + offset;
  /** One timer at a time: a real timeout firing during a warp waits for the warp to reach it. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const fire = async (timer: Timer) => {
    if (!timers.delete(timer.id)) return;
    clearTimeout(timer.real);
    try {
      await timer.fn();
    } catch {
      // a timer's own failure is its owner's business (the token manager reports it as an event)
    }
  };

  return {
    now,
    setTimeout(fn, ms): TimerHandle {
      const id = nextId++;
      const delay = Math.max(0, ms);
      // past ~24.8 days Node would fire at once: such a timer waits for a warp
      const real =
        delay > MAX_REAL_DELAY ? undefined : setTimeout(() => void serial(() => fire(timer)), delay).unref();
      const timer: Timer = { id, at: now() + delay, fn, real };
      timers.set(id, timer);
      return id;
    },
    clearTimeout(handle) {
      const timer = timers.get(handle as number);
      if (!timer) return;
      clearTimeout(timer.real);
      timers.delete(timer.id);
    },
    advance: (ms) =>
      serial(async () => {
        const target = now() + ms;
        for (;;) {
          let due: Timer | undefined;
          for (const timer of timers.values()) {
            if (
              timer.at <= target &&
              (!due || timer.at < due.at || (timer.at === due.at && timer.id < due.id))
            )
              due = timer;
          }
          if (!due) break;
          // stand at the timer's own moment while it runs, so what it does is stamped with that time
          offset = Math.max(offset, due.at - Date.now());
          await fire(due);
        }
        offset = Math.max(offset, target - Date.now());
      }),
    reset() {
      offset = 0;
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer.real);
      timers.clear();
    },
  };
}
