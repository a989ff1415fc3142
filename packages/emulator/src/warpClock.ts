import { type Clock, systemClock } from '@x/core';

/** A clock that follows wall time and can be moved forward (the playground's time warp). */
export interface WarpClock extends Clock {
  /** Move the clock forward by `ms`. */
  advance(ms: number): Promise<void>;
  /** Undo every `advance()`: back on wall time. */
  reset(): void;
}

/** A clock that follows wall time and can be moved forward (the playground's time warp). */
export function warpClock(): WarpClock {
  let offset = 0;
  return {
    ...systemClock,
    now: () => Date.now() + offset,
    advance: async (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}
