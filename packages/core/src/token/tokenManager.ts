import { abortError, untilAborted } from '../callOptions.js';
import { type Clock, systemClock } from '../clock.js';
import { TokenExpiredError } from '../errors.js';
import type { ExpiryPolicy } from '../expiryPolicy.js';
import { issuedToken, type TokenTiming, timingOf } from './heldToken.js';
import { LifecycleEmitter } from './lifecycleEmitter.js';
import type { LifecycleListener } from './lifecycleEvents.js';
import { processStore } from './memoryTokenStore.js';
import { SlidingWriteBack } from './slidingWriteBack.js';
import { StoreSync } from './storeSync.js';
import { TokenHold } from './tokenHold.js';
import {
  type IssuedToken,
  type TokenManagerOptions,
  type TokenTimingSettings,
  timingSettings,
} from './tokenManagerOptions.js';
import type { StoredToken } from './tokenStore.js';

/**
 * One credential's token: cached, refreshed once for any number of callers, refreshed ahead of
 * expiry in the background, dropped and re-issued when the server rejects the token a call used,
 * and optionally kept alive. Failures are never cached. `expired` is emitted when the token's time
 * comes, whether or not a caller is there to find it dead.
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
  readonly #timing: TokenTimingSettings;
  readonly #events: LifecycleEmitter;
  readonly #writeBack: SlidingWriteBack;
  readonly #hold: TokenHold;
  readonly #shared: StoreSync;
  /** The refresh under way, which every caller shares. */
  #refreshing: Promise<StoredToken> | undefined;
  #nextBackgroundAttempt = 0;

  constructor(options: TokenManagerOptions) {
    const { provider, key, policy } = options;
    this.provider = provider;
    this.key = key;
    this.policy = policy;
    this.#issue = options.issue;
    const clock = (this.#clock = options.clock ?? systemClock);
    const timing = (this.#timing = timingSettings(options));
    const store = options.store ?? processStore;
    const events = (this.#events = new LifecycleEmitter(provider, key, clock));
    const writeBack = (this.#writeBack = new SlidingWriteBack(store, key, timing.slideWriteMs, events));
    const invalidate = (token: string) => this.invalidate(token);
    const keepAlive = options.keepAlive;
    this.#hold = new TokenHold({ policy, timing, clock, events, writeBack, keepAlive, invalidate });
    const refreshing = () => this.#refreshing !== undefined;
    this.#shared = new StoreSync({
      provider,
      key,
      store,
      hold: this.#hold,
      refreshing,
      timing,
      clock,
      events,
    });
  }

  /** Listen to lifecycle events; returns a function that stops listening. */
  on(listener: LifecycleListener): () => void {
    return this.#events.on(listener);
  }

  /**
   * A usable token. Cached tokens come back at once; inside the refresh window the current one
   * comes back while one background refresh runs; only a missing or unusable token makes callers
   * wait, and then all of them wait for the same single refresh. A caller whose `signal` aborts stops
   * waiting at once; the refresh goes on for the others.
   */
  get(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) return Promise.reject(abortError(this.provider, signal));
    // news from the store is being read: wait for it rather than use a token it may replace
    const afterResync = this.#shared.resync?.then(() => this.get(signal));
    if (afterResync) return untilAborted(afterResync, signal, this.provider);
    const held = this.#hold.held;
    if (held) {
      const now = this.#clock.now();
      if (now < held.refreshAt) return held.resolved;
      if (now < held.usableUntil) {
        this.#refreshInBackground(now);
        return held.resolved;
      }
      this.#hold.drop(held.token.value, 'time');
    }
    const refreshed = this.#awaitRefresh().then((token) => token.value);
    return untilAborted(refreshed, signal, this.provider);
  }

  /**
   * Run `fn` with the token. When it throws {@link TokenExpiredError}, the token it used is
   * dropped (only if still current), a new one is obtained once, and `fn` runs once more. `signal`
   * ends the wait for a token (see {@link TokenManager.get}); `fn` is expected to honour it too.
   */
  async use<T>(fn: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const token = await this.get(signal);
    try {
      return this.#recordSuccess(token, await fn(token));
    } catch (error) {
      if (!(error instanceof TokenExpiredError)) throw error;
      await this.invalidate(token);
      const next = await this.get(signal);
      return this.#recordSuccess(next, await fn(next));
    }
  }

  /** Record a successful use of `token`: extends sliding (idle) expiry. */
  touch(token: string): void {
    this.#hold.touch(token);
  }

  /**
   * The server rejected `token`. Drop it if it is still the current one (a late failure of an
   * older token changes nothing), and delete it from the store only while the store still holds it.
   * Only the first report of a token touches the store.
   */
  async invalidate(token: string): Promise<void> {
    const isHeld = this.#hold.held?.token.value === token;
    if (!this.#shared.reject(token) && !isHeld) return;
    if (isHeld) this.#hold.drop(token, 'server');
    await this.#shared.delete(token);
  }

  /** Get a new token now, whatever the state of the current one. */
  async refresh(): Promise<string> {
    // equivalent mutant (with the held-token check in StoreSync's #fromStore): either one alone keeps the
    // token being replaced from being adopted again; removing both is caught
    const held = this.#hold.held;
    if (held) this.#shared.reject(held.token.value);
    return (await this.#awaitRefresh()).value;
  }

  /** Timing of the current token, without its value (for countdowns and dashboards). */
  peek(): TokenTiming | undefined {
    const held = this.#hold.held;
    return held && timingOf(held);
  }

  /** Stop keep-alive pings, the expiry timer and following the store. The manager still answers `get()`. */
  close(): void {
    this.#hold.close();
    this.#shared.close();
  }

  /** A use that succeeded: extend the token, and wait for the store write that may start (read-your-writes). */
  #recordSuccess<T>(token: string, result: T): T | Promise<T> {
    this.#hold.touch(token);
    return this.#writeBack.after(result);
  }

  #refreshInBackground(now: number): void {
    if (this.#refreshing || now < this.#nextBackgroundAttempt) return;
    this.#refresh().catch(() => {
      this.#nextBackgroundAttempt = this.#clock.now() + this.#timing.backgroundRetryMs;
    });
  }

  /** Single flight: every concurrent caller shares one refresh; its failure reaches all and is not kept. */
  #refresh(): Promise<StoredToken> {
    this.#refreshing ??= this.#shared
      .acquire(() => this.#issueAndStore())
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  /** {@link #refresh} for a caller who awaits it: from now on its waits hold the process open. */
  #awaitRefresh(): Promise<StoredToken> {
    const refresh = this.#refresh();
    this.#shared.callerWaits();
    return refresh;
  }

  async #issueAndStore(): Promise<StoredToken> {
    const refreshing = this.#hold.hadToken;
    let issued: IssuedToken;
    try {
      issued = await this.#issue();
    } catch (error) {
      this.#events.failed(undefined, error);
      throw error;
    }
    const now = this.#clock.now();
    const token = issuedToken(issued, this.policy, now);
    await this.#shared.store(token, now);
    this.#hold.adopt(token);
    this.#events.emit(refreshing ? 'refreshed' : 'issued', token.value, { expiresAt: token.expiresAt });
    return token;
  }
}
