import type { Clock } from '../clock.js';
import { ValidationError } from '../errors.js';
import { defaultTiming, type ExpiryPolicy } from '../expiryPolicy.js';
import { KEEP_ALIVE_JITTER } from './keepAliveScheduler.js';
import type { TokenStore } from './tokenStore.js';

/** What an issue function may return: the token, optionally with the server's own expiry. */
export type IssuedToken =
  | string
  | {
      /** The token value. */
      token: string;
      /** When the server says it expires (epoch ms); `null` for never; omitted to use the manager's policy. */
      expiresAt?: number | null;
    };

/** Pings that keep a held token alive on the server (e.g. a Clickatell session). */
export interface KeepAliveOptions {
  /**
   * Ping a session idle this long (a little later, with jitter: up to 10% more); a use is as good as a
   * ping. One scheduler per process pings every session, a few at a time. Under an `idle` policy the
   * interval, jitter included, must end before the session's safety margin does.
   */
  intervalMs: number;
  /** Extends the token on the server; throw {@link TokenExpiredError} when the server says it is gone. */
  ping: (token: string) => Promise<void>;
}

/** How a {@link TokenManager} obtains, times, stores and shares one credential's token. */
export interface TokenManagerOptions {
  /** Provider name for errors and events. */
  provider: string;
  /** Store key: see `credentialKey()`; never a secret. */
  key: string;
  /** When a token expires if the server does not say (see {@link lifetime}, {@link idle}, {@link exclusive}). */
  policy: ExpiryPolicy;
  /** Calls the provider's auth and returns a new token. */
  issue: () => Promise<IssuedToken>;
  /** Time source for expiry and timers; default {@link systemClock}. Tests pass a `ManualClock`. */
  clock?: Clock;
  /** Shared store (e.g. Redis across processes); default: one in-memory store for the whole process. */
  store?: TokenStore;
  /** Treat the token as unusable this long before the server's expiry. */
  safetyMarginMs?: number;
  /** Refresh in the background this long before the token becomes unusable. */
  refreshWindowMs?: number;
  /** Ping the server while a token is held; off by default. */
  keepAlive?: KeepAliveOptions;
  /** How long a refresh lock may be held before others may take over (a crashed holder). */
  lockTtlMs?: number;
  /** How long to wait for another process's refresh before giving up. */
  lockWaitMs?: number;
  /** How often to look at the store while another process holds the lock. */
  lockPollMs?: number;
  /** After a failed background refresh, wait this long before trying again in the background. */
  backgroundRetryMs?: number;
  /**
   * Sliding (`idle`) sessions: write a use back to a store that can `extend` at most this often, so that
   * other processes see the session live; default a tenth of the idle time.
   */
  slideWriteMs?: number;
}

/** The manager's timing, every default filled in. */
export interface TokenTimingSettings {
  readonly marginMs: number;
  readonly windowMs: number;
  readonly lockTtlMs: number;
  readonly lockWaitMs: number;
  readonly lockPollMs: number;
  readonly backgroundRetryMs: number;
  readonly slideWriteMs: number;
}

/** The options' timing with the policy's defaults; a keep-alive interval that would let the session lapse is refused. */
export function timingSettings(options: TokenManagerOptions): TokenTimingSettings {
  const { policy } = options;
  const defaults = defaultTiming(policy);
  const marginMs = options.safetyMarginMs ?? defaults.safetyMarginMs;
  if (options.keepAlive) checkKeepAlive(options.provider, options.keepAlive.intervalMs, policy, marginMs);
  return {
    marginMs,
    windowMs: options.refreshWindowMs ?? defaults.refreshWindowMs,
    lockTtlMs: options.lockTtlMs ?? 30_000,
    lockWaitMs: options.lockWaitMs ?? 60_000,
    lockPollMs: options.lockPollMs ?? 25,
    backgroundRetryMs: options.backgroundRetryMs ?? 3_000,
    // equivalent mutant: the value for other policies is never read (only sliding sessions write back)
    slideWriteMs:
      options.slideWriteMs ?? (policy.kind === 'idle' ? policy.ms / 10 : Number.POSITIVE_INFINITY),
  };
}

/** A keep-alive interval that is a positive number and, under sliding expiry, pings (jitter included) before the safety margin. */
function checkKeepAlive(provider: string, intervalMs: number, policy: ExpiryPolicy, marginMs: number): void {
  const room = policy.kind === 'idle' ? (policy.ms - marginMs) / (1 + KEEP_ALIVE_JITTER) : Infinity;
  if (intervalMs > 0 && intervalMs < room) return;
  const limit = Number.isFinite(room) ? `, below ${Math.floor(room)} ms` : '';
  throw new ValidationError(`keepAlive.intervalMs must be a positive number of ms${limit}`, {
    provider,
    field: 'keepAlive.intervalMs',
  });
}
