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
 *
 * Where time comes from, in one place. **The injected clock** times what belongs to a token's life:
 * when it was issued and expires, the safety margin and refresh window, the back-off after a failed
 * background refresh, sliding write-backs, keep-alive pings, 2FA polling and challenge expiry, and the `at`
 * of every lifecycle event. **Real time** (`Date.now()`, Node's timers) times what a peer outside the
 * process shares, which a manual clock must not stall or rush: request deadlines (`timeoutMs`, `signal`),
 * transport retries and `Retry-After` waits, the wait for another process's refresh lock and its polls,
 * and the lock expiry of `MemoryTokenStore` (a crashed holder must not block forever under a frozen clock).
 * A store's record TTLs follow the store's own clock: `MemoryTokenStore`'s `clock` option (the process-wide
 * default store runs on real time), Redis's server time.
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
