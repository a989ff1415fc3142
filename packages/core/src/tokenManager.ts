import { abortError, untilAborted } from './callOptions.js';
import { type Clock, systemClock } from './clock.js';
import { publishTokenEvent, tokenEventsWatched } from './diagnostics.js';
import { ProviderError, TokenExpiredError, TransportError, ValidationError } from './errors.js';
import { defaultTiming, type ExpiryPolicy, expiryFrom } from './expiryPolicy.js';
import { KEEP_ALIVE_JITTER, type KeepAliveTarget, keepAliveSchedulerFor } from './keepAliveScheduler.js';
import {
  fingerprint,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleListener,
} from './lifecycleEvents.js';
import { forgetSecret, registerSecret } from './secret.js';
import { MemoryTokenStore, type StoredToken, type TokenStore } from './tokenStore.js';

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

interface Current {
  readonly token: StoredToken;
  /** The value as an already-resolved promise: the hot path hands out the same one, allocating nothing. */
  readonly resolved: Promise<string>;
  /** Past this the token is handed out but refreshed in the background. */
  refreshAt: number;
  /** Past this the token is unusable and callers wait for a new one. */
  usableUntil: number;
}

/**
 * The default store, shared by every manager in the process: clients created separately for the same
 * credential share one token and one refresh. Keys hold the provider, endpoint and a hash of the
 * credential, so different tenants never meet; each manager still checks expiry on its own clock.
 */
const processStore = new MemoryTokenStore();

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

/**
 * A manager dropped without `close()` stops watching its store once it is garbage. No unregister token:
 * V8 keeps a table for those that never shrinks (4 MiB after 100,000 managers), so `close()` stops the
 * watch itself and the finalizer's later call does nothing.
 */
// (Stryker's mutant of this callback is chosen only when the module loads, so its runs cannot kill it;
// tokenManagerCollected.test.ts fails when the callback does nothing.)
const unwatchWhenCollected = new FinalizationRegistry<() => void>((unwatch) => unwatch());

/** `fn`, run at most once (made here, outside any constructor, so it holds nothing but `fn`). */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/**
 * A function that calls `fn` while `fn` lives, without keeping it (or what it holds) alive. Made out here:
 * a closure made inside the constructor would share its scope, which holds `this`.
 */
function weakly(fn: () => void): () => void {
  const ref = new WeakRef(fn);
  return () => ref.deref()?.();
}

/**
 * One credential's token: cached, refreshed once for any number of callers, refreshed ahead of
 * expiry in the background, dropped and re-issued when the server rejects the token a call used,
 * and optionally kept alive. Failures are never cached.
 */
export class TokenManager {
  /** Provider name used in errors and events. */
  readonly provider: string;
  /** The store key of this credential (see `credentialKey()`). */
  readonly key: string;
  /** The expiry policy applied when the server gives no expiry. */
  readonly policy: ExpiryPolicy;
  readonly #issue: () => Promise<IssuedToken>;
  readonly #clock: Clock;
  readonly #store: TokenStore;
  readonly #marginMs: number;
  readonly #windowMs: number;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #lockPollMs: number;
  readonly #backgroundRetryMs: number;
  readonly #listeners = new Set<LifecycleListener>();
  #current: Current | undefined;
  /** Whether a token was ever held: later issues are refreshes. */
  #hadToken = false;
  #inflight: Promise<StoredToken> | undefined;
  /** The last token a server rejected: never adopt it again from the store. */
  #rejected: string | undefined;
  #nextBackgroundAttempt = 0;
  /** When the current token was last used, pinged or adopted. */
  #lastUsedAt = 0;
  /** When a use was last written back to the store (sliding sessions). */
  #lastSlideWrite = 0;
  /** That write, while under way. */
  #sliding: Promise<void> | undefined;
  readonly #slideWriteMs: number;
  readonly #keepAliveTarget: KeepAliveTarget | undefined;
  /** Stops watching the store (when it can tell us of other processes' changes). */
  readonly #unwatch: (() => void) | undefined;
  /** Lock waiters, woken by a change to the record (or by their poll). */
  readonly #wakers = new Set<() => void>();
  /** The poll timer of the lock wait under way; it holds the process only while a caller awaits the refresh. */
  #lockPoll: NodeJS.Timeout | undefined;
  /** Whether a caller awaits the refresh under way (a background refresh alone holds nothing open). */
  // equivalent mutant: starting at `true` changes nothing, as the first refresh always has a caller
  // waiting (there is no token to hand out yet), and every refresh sets it again when it ends
  #refreshAwaited = false;
  /** A read of the store after news of a change: callers wait for it rather than use a token it may replace. */
  #resync: Promise<void> | undefined;
  #closed = false;

  constructor(options: TokenManagerOptions) {
    this.provider = options.provider;
    this.key = options.key;
    this.policy = options.policy;
    this.#issue = options.issue;
    this.#clock = options.clock ?? systemClock;
    this.#store = options.store ?? processStore;
    const timing = defaultTiming(options.policy);
    this.#marginMs = options.safetyMarginMs ?? timing.safetyMarginMs;
    this.#windowMs = options.refreshWindowMs ?? timing.refreshWindowMs;
    this.#lockTtlMs = options.lockTtlMs ?? 30_000;
    this.#lockWaitMs = options.lockWaitMs ?? 60_000;
    this.#lockPollMs = options.lockPollMs ?? 25;
    this.#backgroundRetryMs = options.backgroundRetryMs ?? 3_000;
    // equivalent mutant: the value for other policies is never read (only sliding sessions write back)
    this.#slideWriteMs =
      options.slideWriteMs ??
      (options.policy.kind === 'idle' ? options.policy.ms / 10 : Number.POSITIVE_INFINITY);
    const keepAlive = options.keepAlive;
    if (keepAlive) checkKeepAlive(this.provider, keepAlive.intervalMs, options.policy, this.#marginMs);
    this.#keepAliveTarget = keepAlive && {
      intervalMs: keepAlive.intervalMs,
      lastUsedAt: () => (this.#current && !this.#closed ? this.#lastUsedAt : undefined),
      ping: () => this.#ping(keepAlive),
    };
    const unwatch = this.#store.watch?.(this.key, weakly(this.#changed));
    this.#unwatch = unwatch && once(unwatch);
    if (this.#unwatch) unwatchWhenCollected.register(this, this.#unwatch);
  }

  /** Listen to lifecycle events; returns a function that stops listening. */
  on(listener: LifecycleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A usable token. Cached tokens come back at once; inside the refresh window the current one
   * comes back while one background refresh runs; only a missing or unusable token makes callers
   * wait, and then all of them wait for the same single refresh. A caller whose `signal` aborts stops
   * waiting at once; the refresh goes on for the others.
   */
  get(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) return Promise.reject(abortError(this.provider, signal));
    if (this.#resync)
      return untilAborted(
        this.#resync.then(() => this.get(signal)),
        signal,
        this.provider,
      );
    const current = this.#current;
    if (current) {
      const now = this.#clock.now();
      if (now < current.refreshAt) return current.resolved;
      if (now < current.usableUntil) {
        this.#refreshInBackground(now);
        return current.resolved;
      }
      this.#drop(current.token.value, 'time');
    }
    return untilAborted(
      this.#awaitRefresh().then((token) => token.value),
      signal,
      this.provider,
    );
  }

  /**
   * Run `fn` with the token. When it throws {@link TokenExpiredError}, the token it used is
   * dropped (only if still current), a new one is obtained once, and `fn` runs once more. `signal`
   * ends the wait for a token (see {@link TokenManager.get}); `fn` is expected to honour it too.
   */
  async use<T>(fn: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const token = await this.get(signal);
    try {
      return this.#succeeded(token, await fn(token));
    } catch (error) {
      if (!(error instanceof TokenExpiredError)) throw error;
      await this.invalidate(token);
      const next = await this.get(signal);
      return this.#succeeded(next, await fn(next));
    }
  }

  /** Record a successful use of `token`: extends sliding (idle) expiry. */
  touch(token: string): void {
    const current = this.#current;
    if (!current || current.token.value !== token) return;
    const now = this.#clock.now();
    this.#lastUsedAt = now;
    if (this.policy.kind === 'idle') {
      const expiresAt = expiryFrom(this.policy, now)!;
      this.#current = this.#timed({ ...current.token, expiresAt });
      if (now - this.#lastSlideWrite >= this.#slideWriteMs) this.#slide(token, expiresAt, now);
    }
    this.#emit('used', current.token.value, { expiresAt: this.#current!.token.expiresAt });
  }

  /**
   * Write a sliding session's new expiry back to the store, so other processes keep using it. The call
   * that caused it waits for the write (once per `slideWriteMs` at most), so that when it returns, every
   * process sees the session as it left it; a failed write is reported, never thrown.
   */
  #slide(token: string, expiresAt: number, now: number): void {
    this.#lastSlideWrite = now;
    const write = this.#store.extend?.(this.key, token, expiresAt, expiresAt - now);
    if (!write) return;
    const sliding: Promise<void> = write
      .catch((error: unknown) => {
        this.#emit('failed', token, {
          error: error as Error,
          reason: `store extend: ${describeError(error)}`,
        });
      })
      // equivalent mutant (never cleared): a later use would wait on a write already done, a microtask
      .finally(() => {
        if (this.#sliding === sliding) this.#sliding = undefined;
      });
    this.#sliding = sliding;
  }

  /**
   * The server rejected `token`. Drop it if it is still the current one (a late failure of an
   * older token changes nothing), and delete it from the store only while the store still holds it.
   * Only the first report of a token touches the store; a failed delete is harmless, since a rejected
   * token is never adopted again, so it is reported as a `failed` event and not thrown.
   */
  async invalidate(token: string): Promise<void> {
    if (this.#rejected === token && this.#current?.token.value !== token) return;
    this.#rejected = token;
    if (this.#current?.token.value === token) this.#drop(token, 'server');
    try {
      await this.#store.delete(this.key, token);
    } catch (error) {
      this.#emit('failed', token, { error: error as Error, reason: `store delete: ${describeError(error)}` });
    }
  }

  /** Get a new token now, whatever the state of the current one. */
  async refresh(): Promise<string> {
    // equivalent mutant (with the current-token check in #fromStore): either one alone keeps the token
    // being replaced from being adopted again; removing both is caught
    if (this.#current) this.#rejected = this.#current.token.value;
    return (await this.#awaitRefresh()).value;
  }

  /** Timing of the current token, without its value (for countdowns and dashboards). */
  peek():
    | {
        /** When the token was obtained (clock ms). */
        issuedAt: number;
        /** When it expires (clock ms), or `null` if it never does. */
        expiresAt: number | null;
        /** From this moment callers wait for a new token: `expiresAt` minus the safety margin. */
        usableUntil: number;
        /** An 8-hex fingerprint of the token, never its value. */
        token: string;
      }
    | undefined {
    const current = this.#current;
    if (!current) return undefined;
    const { issuedAt, expiresAt } = current.token;
    return { issuedAt, expiresAt, usableUntil: current.usableUntil, token: fingerprint(current.token.value) };
  }

  /** Stop keep-alive pings. The manager still answers `get()` afterwards. */
  close(): void {
    this.#closed = true;
    this.#unwatch?.();
    // equivalent mutant (always remove): removing what the scheduler never held changes nothing in it
    if (this.#keepAliveTarget) keepAliveSchedulerFor(this.#clock).remove(this.#keepAliveTarget);
  }

  /** A use that succeeded: extend the token, and wait for the store write that may start (read-your-writes). */
  #succeeded<T>(token: string, result: T): T | Promise<T> {
    this.touch(token);
    const sliding = this.#sliding;
    return sliding ? sliding.then(() => result) : result;
  }

  #timed(token: StoredToken): Current {
    const usableUntil =
      token.expiresAt === null ? Number.POSITIVE_INFINITY : token.expiresAt - this.#marginMs;
    return {
      token,
      resolved: Promise.resolve(token.value),
      usableUntil,
      refreshAt: usableUntil - this.#windowMs,
    };
  }

  #drop(token: string, reason: 'time' | 'server' | 'store'): void {
    this.#current = undefined;
    forgetSecret(token); // dead now: scrubbing it is no longer worth its cost
    this.#emit('expired', token, { reason });
  }

  #refreshInBackground(now: number): void {
    if (this.#inflight || now < this.#nextBackgroundAttempt) return;
    this.#refresh().catch(() => {
      this.#nextBackgroundAttempt = this.#clock.now() + this.#backgroundRetryMs;
    });
  }

  /** Single flight: every concurrent caller shares one refresh; its failure reaches all and is not kept. */
  #refresh(): Promise<StoredToken> {
    this.#inflight ??= this.#acquire().finally(() => {
      this.#inflight = undefined;
      this.#refreshAwaited = false;
    });
    return this.#inflight;
  }

  /** {@link #refresh} for a caller who awaits it: from now on its waits hold the process open. */
  #awaitRefresh(): Promise<StoredToken> {
    const refresh = this.#refresh();
    this.#refreshAwaited = true;
    this.#lockPoll?.ref(); // a background refresh already waiting on the lock
    return refresh;
  }

  /** A token another holder of the store already refreshed, fresh enough to adopt. */
  async #fromStore(): Promise<StoredToken | undefined> {
    const stored = await this.#store.get(this.key);
    // equivalent mutant (`stored.value === this.#current?.token.value` removed): refresh() marks the
    // current token rejected, and a background refresh runs only past the current token's refreshAt,
    // so the current token is never fresh enough to adopt anyway
    if (!stored || stored.value === this.#rejected || stored.value === this.#current?.token.value)
      return undefined;
    return this.#clock.now() < this.#timed(stored).refreshAt ? stored : undefined;
  }

  #adopt(token: StoredToken): StoredToken {
    this.#current = this.#timed(token);
    this.#hadToken = true;
    // a token another process issued is as secret here as one we issued
    registerSecret(token.value);
    const now = this.#clock.now();
    this.#lastUsedAt = now;
    this.#lastSlideWrite = now;
    if (this.#keepAliveTarget && !this.#closed) keepAliveSchedulerFor(this.#clock).add(this.#keepAliveTarget);
    return token;
  }

  /** Refresh across processes: adopt what the store has, else take the lock and issue, else wait. */
  async #acquire(): Promise<StoredToken> {
    const deadline = Date.now() + this.#lockWaitMs;
    for (;;) {
      const shared = await this.#storeCall(() => this.#fromStore());
      if (shared) return this.#adopt(shared);
      const lock = await this.#storeCall(() => this.#store.lock(this.key, this.#lockTtlMs));
      if (lock) {
        try {
          const again = await this.#storeCall(() => this.#fromStore());
          return again ? this.#adopt(again) : await this.#issueAndStore();
        } finally {
          await lock.release().catch(() => undefined);
        }
      }
      if (Date.now() >= deadline) {
        throw new TransportError(`gave up waiting ${this.#lockWaitMs} ms for another process's refresh`, {
          provider: this.provider,
          retryable: true,
        });
      }
      // a store that tells of changes wakes us when the holder stores its token; polling is the fallback
      await this.#nextChange(this.#unwatch ? 10 * this.#lockPollMs : this.#lockPollMs);
    }
  }

  /** Resolves on the next change to the record, or after `ms`. */
  #nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        // equivalent mutants: a manager waits on the lock once at a time (single flight), so `#lockPoll`
        // is this timer; and a fired timer that is ref'd later does not hold the process. A waker left
        // in the set is only woken again, for nothing.
        if (this.#lockPoll === timer) this.#lockPoll = undefined;
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!this.#refreshAwaited) timer.unref();
      this.#lockPoll = timer;
      this.#wakers.add(wake);
    });
  }

  /**
   * Another holder of the store (or this one) set or deleted the record: wake the lock waiters, and
   * unless a refresh of ours is under way, follow the store at once: adopt a newer usable token (under
   * Expire On New the old one is already dead) or drop a token that is gone.
   */
  readonly #changed = (): void => {
    for (const wake of [...this.#wakers]) wake();
    if (this.#inflight || this.#closed) return;
    const current = this.#current;
    const resync: Promise<void> = this.#store
      .get(this.key)
      .then(
        (stored) => {
          // things moved on meanwhile: a newer read (its answer is the later one), a new token, a refresh
          if (this.#resync !== resync || this.#current !== current || this.#inflight) return;
          if (!stored) {
            if (current) this.#drop(current.token.value, 'store'); // another process found it rejected
            return;
          }
          if (stored.value === current?.token.value || stored.value === this.#rejected) return;
          if (this.#clock.now() < this.#timed(stored).usableUntil) this.#adopt(stored);
        },
        () => undefined, // the next call reads the store anyway
      )
      .finally(() => {
        if (this.#resync === resync) this.#resync = undefined;
      });
    this.#resync = resync;
  };

  async #storeCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw new TransportError('token store failed', {
        provider: this.provider,
        cause: error,
        retryable: true,
      });
    }
  }

  async #issueAndStore(): Promise<StoredToken> {
    const refreshing = this.#hadToken;
    let issued: IssuedToken;
    try {
      issued = await this.#issue();
    } catch (error) {
      this.#emit('failed', undefined, { error: error as Error, reason: describeError(error) });
      throw error;
    }
    const now = this.#clock.now();
    const value = typeof issued === 'string' ? issued : issued.token;
    // equivalent mutant: a string's `expiresAt` is undefined too
    const serverExpiry = typeof issued === 'string' ? undefined : issued.expiresAt;
    const token: StoredToken = {
      value,
      issuedAt: now,
      // `null` is the server saying "never", not silence: only a missing expiry falls back to the policy
      expiresAt: serverExpiry === undefined ? expiryFrom(this.policy, now) : serverExpiry,
    };
    const ttl = token.expiresAt === null ? undefined : Math.max(1, token.expiresAt - now);
    await this.#storeCall(() => this.#store.set(this.key, token, ttl));
    this.#adopt(token);
    this.#emit(refreshing ? 'refreshed' : 'issued', value, { expiresAt: token.expiresAt });
    return token;
  }

  async #ping(keepAlive: KeepAliveOptions): Promise<void> {
    const current = this.#current;
    if (!current || this.#clock.now() >= current.usableUntil) return;
    const token = current.token.value;
    try {
      await keepAlive.ping(token);
      this.touch(token);
      this.#emit('keep-alive', token, { expiresAt: this.#current?.token.expiresAt ?? null });
    } catch (error) {
      if (error instanceof TokenExpiredError) await this.invalidate(token).catch(() => undefined);
      else
        this.#emit('failed', token, { error: error as Error, reason: `keep-alive: ${describeError(error)}` });
    }
  }

  #emit(type: LifecycleEventType, token: string | undefined, extra: Partial<LifecycleEvent> = {}): void {
    const watched = tokenEventsWatched();
    if (this.#listeners.size === 0 && !watched) return;
    const event: LifecycleEvent = {
      type,
      provider: this.provider,
      key: this.key,
      at: this.#clock.now(),
      ...(token === undefined ? {} : { token: fingerprint(token) }),
      ...extra,
    };
    // equivalent mutant (always publish): a channel without subscribers and a debuglog that is off do nothing
    if (watched) publishTokenEvent(event);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // a listener's bug must not break token handling
      }
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof ProviderError)
    return error.code === undefined ? error.name : `${error.name} ${error.code}`;
  return error instanceof Error ? error.name : 'Error';
}
