/**
 * How long a token stays usable:
 * - `idle`: sliding, every successful use extends it (Clickatell 15 min, Recite 60 min);
 * - `lifetime`: fixed from issue (SBT 1 day … 10 years);
 * - `never`: does not expire by time;
 * - `exclusive`: does not expire by time, but a new token kills the old one (SBT "Expire On New"),
 *   so refreshes always run under the store's lock and never ahead of time.
 */
export type ExpiryPolicy =
  | {
      /** Sliding expiry. */
      readonly kind: 'idle';
      /** How long an unused token lives. */
      readonly ms: number;
    }
  | {
      /** Fixed lifetime from issue. */
      readonly kind: 'lifetime';
      /** How long a token lives after it was issued. */
      readonly ms: number;
    }
  | {
      /** No expiry by time. */
      readonly kind: 'never';
    }
  | {
      /** No expiry by time; a new token kills the old one. */
      readonly kind: 'exclusive';
    };

function positive(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms <= 0)
    throw new RangeError(`${what}(ms) needs a positive number of milliseconds`);
  return ms;
}

/** Sliding expiry: a token unused for `ms` is gone; every successful use extends it. */
export const idle = (ms: number): ExpiryPolicy => ({ kind: 'idle', ms: positive(ms, 'idle') });
/** Fixed lifetime from issue. */
export const lifetime = (ms: number): ExpiryPolicy => ({ kind: 'lifetime', ms: positive(ms, 'lifetime') });
/** Never expires by time. */
export const never: ExpiryPolicy = { kind: 'never' };
/** One live token per credential: a new one kills the old one. */
export const exclusive: ExpiryPolicy = { kind: 'exclusive' };

/** When a token issued or last used at `at` expires under `policy` (`null`: not by time). */
export function expiryFrom(policy: ExpiryPolicy, at: number): number | null {
  return policy.kind === 'idle' || policy.kind === 'lifetime' ? at + policy.ms : null;
}

/**
 * Default timing for a policy: the safety margin before the server's expiry at which a token is
 * treated as unusable (clock skew, call latency), and the window before that in which it is
 * refreshed in the background. Sliding and exclusive tokens are never refreshed ahead.
 */
export function defaultTiming(policy: ExpiryPolicy): { safetyMarginMs: number; refreshWindowMs: number } {
  if (policy.kind === 'idle')
    return { safetyMarginMs: Math.min(30_000, policy.ms * 0.05), refreshWindowMs: 0 };
  if (policy.kind === 'lifetime') {
    return {
      safetyMarginMs: Math.min(60_000, policy.ms * 0.02),
      refreshWindowMs: Math.min(300_000, policy.ms * 0.1),
    };
  }
  return { safetyMarginMs: 0, refreshWindowMs: 0 };
}
