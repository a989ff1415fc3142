import type { Clock } from '../clock.js';
import { ProviderError, TransportError } from '../errors.js';
import { holdToken } from './heldToken.js';
import type { LifecycleEmitter } from './lifecycleEmitter.js';
import type { TokenHold } from './tokenHold.js';
import type { TokenTimingSettings } from './tokenManagerOptions.js';
import type { StoredToken, TokenStore } from './tokenStore.js';

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
 * One manager's token as every holder of the store shares it: a refresh adopts what another holder
 * stored, else takes the store's lock and issues, else waits for the holder of the lock. A store that
 * can `watch` tells of changes: lock waiters wake at once, and the held token follows the store.
 */
export class StoreSync {
  readonly #provider: string;
  readonly #hold: TokenHold;
  /** Whether a refresh of the manager's own is under way (it will bring the store's news itself). */
  readonly #refreshing: () => boolean;
  readonly #store: TokenStore;
  readonly #key: string;
  readonly #timing: TokenTimingSettings;
  readonly #clock: Clock;
  readonly #events: LifecycleEmitter;
  /** The last token a server rejected (or a refresh replaced): never adopted again from the store. */
  #rejected: string | undefined;
  /** Stops watching the store (when it can tell us of other processes' changes). */
  readonly #unwatch: (() => void) | undefined;
  /** Lock waiters, woken by a change to the record (or by their poll). */
  readonly #lockWaiters = new Set<() => void>();
  /** The poll timer of the lock wait under way; it holds the process only while a caller awaits the refresh. */
  #lockPoll: NodeJS.Timeout | undefined;
  /** Whether a caller awaits the refresh under way (a background refresh alone holds nothing open). */
  // equivalent mutant: starting at `true` changes nothing, as the first refresh always has a caller
  // waiting (there is no token to hand out yet), and every refresh sets it again when it ends
  #callerWaits = false;
  /** A read of the store after news of a change: callers wait for it rather than use a token it may replace. */
  #resync: Promise<void> | undefined;

  constructor(options: {
    provider: string;
    key: string;
    store: TokenStore;
    hold: TokenHold;
    refreshing: () => boolean;
    timing: TokenTimingSettings;
    clock: Clock;
    events: LifecycleEmitter;
  }) {
    this.#provider = options.provider;
    this.#key = options.key;
    this.#store = options.store;
    this.#hold = options.hold;
    this.#refreshing = options.refreshing;
    this.#timing = options.timing;
    this.#clock = options.clock;
    this.#events = options.events;
    const unwatch = this.#store.watch?.(this.#key, weakly(this.#onStoreChange));
    this.#unwatch = unwatch && once(unwatch);
    if (this.#unwatch) unwatchWhenCollected.register(this, this.#unwatch);
  }

  /** The read of the store under way after news of a change, if any: callers wait for it. */
  get resync(): Promise<void> | undefined {
    return this.#resync;
  }

  /** Never adopt `value` again; false when it was already the last one rejected. */
  reject(value: string): boolean {
    if (this.#rejected === value) return false;
    this.#rejected = value;
    return true;
  }

  /**
   * Delete `token` from the store, only while the store still holds it. A failed delete is harmless,
   * since a rejected token is never adopted again, so it is reported as a `failed` event and not thrown.
   */
  async delete(token: string): Promise<void> {
    try {
      await this.#store.delete(this.#key, token);
    } catch (error) {
      this.#events.failed(token, error, 'store delete');
    }
  }

  /** Store a token just issued, for as long as it lives. */
  async store(token: StoredToken, now: number): Promise<void> {
    const ttl = token.expiresAt === null ? undefined : Math.max(1, token.expiresAt - now);
    await this.#askStore(() => this.#store.set(this.#key, token, ttl));
  }

  /** A caller awaits the refresh under way: from now on its waits hold the process open. */
  callerWaits(): void {
    this.#callerWaits = true;
    this.#lockPoll?.ref(); // a background refresh already waiting on the lock
  }

  /** Stop following the store. */
  close(): void {
    this.#unwatch?.();
  }

  /** Refresh across processes: adopt what the store has, else take the lock and `issue`, else wait. */
  async acquire(issue: () => Promise<StoredToken>): Promise<StoredToken> {
    const { lockTtlMs, lockWaitMs, lockPollMs } = this.#timing;
    try {
      const deadline = Date.now() + lockWaitMs;
      for (;;) {
        const shared = await this.#askStore(() => this.#fromStore());
        if (shared) return this.#hold.adopt(shared);
        const lock = await this.#askStore(() => this.#store.lock(this.#key, lockTtlMs));
        if (lock) {
          try {
            const again = await this.#askStore(() => this.#fromStore());
            return again ? this.#hold.adopt(again) : await issue();
          } finally {
            await lock.release().catch(() => undefined);
          }
        }
        if (Date.now() >= deadline) {
          throw new TransportError(`gave up waiting ${lockWaitMs} ms for another process's refresh`, {
            provider: this.#provider,
            retryable: true,
          });
        }
        // a store that tells of changes wakes us when the holder stores its token; polling is the fallback
        await this.#nextChange(this.#unwatch ? 10 * lockPollMs : lockPollMs);
      }
    } finally {
      this.#callerWaits = false;
    }
  }

  /** A token another holder of the store already refreshed, fresh enough to adopt. */
  async #fromStore(): Promise<StoredToken | undefined> {
    const stored = await this.#store.get(this.#key);
    // equivalent mutant (`stored.value === held?.token.value` removed): refresh() marks the held token
    // rejected, and a background refresh runs only past the held token's refreshAt, so the held token is
    // never fresh enough to adopt anyway
    if (!stored || stored.value === this.#rejected || stored.value === this.#hold.held?.token.value)
      return undefined;
    return this.#clock.now() < holdToken(stored, this.#timing).refreshAt ? stored : undefined;
  }

  /** Resolves on the next change to the record, or after `ms`. */
  #nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        // equivalent mutants: a manager waits on the lock once at a time (single flight), so `#lockPoll`
        // is this timer; and a fired timer that is ref'd later does not hold the process. A waiter left
        // in the set is only woken again, for nothing.
        if (this.#lockPoll === timer) this.#lockPoll = undefined;
        this.#lockWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!this.#callerWaits) timer.unref();
      this.#lockPoll = timer;
      this.#lockWaiters.add(wake);
    });
  }

  /**
   * Another holder of the store (or this one) set or deleted the record: wake the lock waiters, and
   * unless a refresh of ours is under way, follow the store at once: adopt a newer usable token (under
   * Expire On New the old one is already dead) or drop a token that is gone.
   */
  readonly #onStoreChange = (): void => {
    for (const wake of [...this.#lockWaiters]) wake();
    if (this.#refreshing() || this.#hold.closed) return;
    const held = this.#hold.held;
    const resync: Promise<void> = this.#store
      .get(this.#key)
      .then(
        (stored) => {
          // things moved on meanwhile: a newer read (its answer is the later one), a new token, a refresh
          if (this.#resync !== resync || this.#hold.held !== held || this.#refreshing()) return;
          if (!stored) {
            if (held) this.#hold.drop(held.token.value, 'store'); // another process found it rejected
            return;
          }
          if (stored.value === held?.token.value || stored.value === this.#rejected) return;
          if (this.#clock.now() < holdToken(stored, this.#timing).usableUntil) this.#hold.adopt(stored);
        },
        () => undefined, // the next call reads the store anyway
      )
      .finally(() => {
        if (this.#resync === resync) this.#resync = undefined;
      });
    this.#resync = resync;
  };

  /** A store's failure is a retryable `TransportError`; our own errors pass through. */
  async #askStore<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw new TransportError('token store failed', {
        provider: this.#provider,
        cause: error,
        retryable: true,
      });
    }
  }
}
