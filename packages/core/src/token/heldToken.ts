import { type ExpiryPolicy, expiryFrom } from '../expiryPolicy.js';
import { fingerprint } from './lifecycleEvents.js';
import type { IssuedToken } from './tokenManagerOptions.js';
import type { StoredToken } from './tokenStore.js';

/** The token a manager holds, with the two times that decide what a caller gets. */
export interface HeldToken {
  readonly token: StoredToken;
  /** The value as an already-resolved promise: the hot path hands out the same one, allocating nothing. */
  readonly resolved: Promise<string>;
  /** From this moment the token is still handed out, but refreshed in the background. */
  readonly refreshAt: number;
  /** From this moment the token is unusable: callers wait for a new one, and `expired` is emitted. */
  readonly usableUntil: number;
}

/** {@link TokenManager.peek}: the held token's timing, without its value. */
export interface TokenTiming {
  /** When the token was obtained (clock ms). */
  issuedAt: number;
  /** When it expires (clock ms), or `null` if it never does. */
  expiresAt: number | null;
  /** From this moment callers wait for a new token: `expiresAt` minus the safety margin. */
  usableUntil: number;
  /** An 8-hex fingerprint of the token, never its value. */
  token: string;
}

/**
 * Hold `token`: unusable `marginMs` before the server's expiry (clock skew, call latency), and refreshed
 * in the background `windowMs` before that.
 */
export function holdToken(
  token: StoredToken,
  { marginMs, windowMs }: { marginMs: number; windowMs: number },
): HeldToken {
  const usableUntil = token.expiresAt === null ? Number.POSITIVE_INFINITY : token.expiresAt - marginMs;
  return { token, resolved: Promise.resolve(token.value), usableUntil, refreshAt: usableUntil - windowMs };
}

export function timingOf({ token, usableUntil }: HeldToken): TokenTiming {
  return {
    issuedAt: token.issuedAt,
    expiresAt: token.expiresAt,
    usableUntil,
    token: fingerprint(token.value),
  };
}

/** A token just issued at `now`: the server's expiry when it gave one, else the policy's. */
export function issuedToken(issued: IssuedToken, policy: ExpiryPolicy, now: number): StoredToken {
  const value = typeof issued === 'string' ? issued : issued.token;
  // equivalent mutant: a string's `expiresAt` is undefined too
  const serverExpiry = typeof issued === 'string' ? undefined : issued.expiresAt;
  // `null` is the server saying "never", not silence: only a missing expiry falls back to the policy
  return {
    value,
    issuedAt: now,
    expiresAt: serverExpiry === undefined ? expiryFrom(policy, now) : serverExpiry,
  };
}
