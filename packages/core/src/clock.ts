/** A timer handle, opaque to callers. */
export type TimerHandle = unknown;

/**
 * Time as the token lifecycle sees it. Inject a manual clock in tests to cover 15 minutes,
 * an hour or ten years in milliseconds. Timers never keep the process alive.
 */
export interface Clock {
  /** The current time in epoch ms. */
  now(): number;
  /** Run `fn` after `ms`. A returned promise is awaited by manual clocks before time moves on. */
  setTimeout(fn: () => unknown, ms: number): TimerHandle;
  /** Cancel a timer from `setTimeout`; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** Wall-clock time with `unref`'d timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
