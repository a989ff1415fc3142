/** A timer handle, opaque to callers. */
export type TimerHandle = unknown;

/** How a {@link Clock} timer treats the process. */
export interface TimerOptions {
  /**
   * A caller is awaiting this timer (a poll interval, a retry delay): it holds the process open until it
   * fires or is cleared, as any awaited work does. Default false: the timer never keeps the process alive
   * (keep-alive pings, background refreshes, sweeps).
   */
  awaited?: boolean;
}

/**
 * Time as the token lifecycle sees it. Inject a manual clock in tests to cover 15 minutes,
 * an hour or ten years in milliseconds. Timers never keep the process alive, unless a caller awaits them.
 */
export interface Clock {
  /** The current time in epoch ms. */
  now(): number;
  /** Run `fn` after `ms`. A returned promise is awaited by manual clocks before time moves on. */
  setTimeout(fn: () => unknown, ms: number, options?: TimerOptions): TimerHandle;
  /** Cancel a timer from `setTimeout`; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** Wall-clock time; timers are `unref`'d unless {@link TimerOptions.awaited}. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms, options) {
    const timer = setTimeout(fn, ms);
    if (!options?.awaited) timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
