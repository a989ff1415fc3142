import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import { forgetSecret } from '../secret.js';
import type { StoreChange, StoredToken, TokenLock, TokenStore } from './tokenStore.js';

interface Entry {
  token: StoredToken;
  until: number;
}

/**
 * How a {@link MemoryTokenStore} keeps time and how many records it holds.
 * @inline
 */
export interface MemoryTokenStoreOptions {
  /** Time source for record expiry (tests pass `ManualClock`); default the system clock. */
  clock?: Clock;
  /**
   * At most this many records (default 10,000, about 5.5 MB): past it the least recently stored record
   * is forgotten (its credential simply authenticates again when next used).
   */
  maxEntries?: number;
  /** How often records whose time is up are swept away while the store holds any; default 10 s. */
  sweepIntervalMs?: number;
}

/**
 * The default store: one process, no I/O. It forgets a record once its time is up (on every read, a
 * little on every write, and in a sweep every `sweepIntervalMs` on a timer that never holds the process
 * open), and holds at most `maxEntries`.
 */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, Entry>();
  readonly #locks = new Map<string, { owner: symbol; until: number }>();
  readonly #clock: Clock;
  readonly #maxEntries: number;
  readonly #sweepMs: number;
  readonly #watchers = new Map<string, Set<(change: StoreChange) => void>>();
  #sweepTimer: TimerHandle | undefined;

  constructor(options: MemoryTokenStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#sweepMs = options.sweepIntervalMs ?? 10_000;
  }

  /** How many records the store holds now. */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#clock.now() >= entry.until) {
      this.#expire(key, entry);
      return undefined;
    }
    return entry.token;
  }

  async set(key: string, token: StoredToken, ttlMs?: number): Promise<void> {
    const now = this.#clock.now();
    this.#entries.delete(key); // re-inserted last: the map's order is the order of last writes
    // equivalent mutant: `now + undefined` is NaN, and as no comparison with NaN holds, such a record never
    // expires either: the same as POSITIVE_INFINITY
    this.#entries.set(key, { token, until: ttlMs === undefined ? Number.POSITIVE_INFINITY : now + ttlMs });
    this.#sweep(now);
    this.#sweepTimer ??= this.#clock.setTimeout(() => this.#sweepAll(), this.#sweepMs);
    this.#notify(key, 'set');
  }

  watch(key: string, listener: (change: StoreChange) => void): () => void {
    let listeners = this.#watchers.get(key);
    if (!listeners) this.#watchers.set(key, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      // equivalent mutant: leaving the empty set in the map (never deleting) only costs memory; a later
      // watcher of the key joins it and is told as before
      if (listeners.size === 0 && this.#watchers.get(key) === listeners) this.#watchers.delete(key);
    };
  }

  #notify(key: string, type: StoreChange['type']): void {
    const listeners = this.#watchers.get(key);
    if (!listeners) return;
    // after the caller's own bookkeeping, as a notification from another process would arrive
    queueMicrotask(() => {
      for (const listener of listeners) listener({ key, type });
    });
  }

  async extend(key: string, value: string, expiresAt: number, ttlMs: number): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry?.token.value !== value) return;
    entry.token = { ...entry.token, expiresAt };
    entry.until = this.#clock.now() + ttlMs;
  }

  async delete(key: string, onlyIfValue?: string): Promise<void> {
    if (onlyIfValue !== undefined && this.#entries.get(key)?.token.value !== onlyIfValue) return;
    if (this.#entries.delete(key)) this.#notify(key, 'delete');
  }

  /** A record whose time is up goes, and its token is no longer worth scrubbing (it cannot be used). */
  #expire(key: string, entry: { token: StoredToken }): void {
    this.#entries.delete(key);
    forgetSecret(entry.token.value);
  }

  /** Forget every record whose time is up; look again later while any record is left. */
  #sweepAll(): void {
    const now = this.#clock.now();
    for (const [key, entry] of this.#entries) if (now >= entry.until) this.#expire(key, entry);
    this.#sweepTimer =
      this.#entries.size > 0 ? this.#clock.setTimeout(() => this.#sweepAll(), this.#sweepMs) : undefined;
  }

  /** Forget a few of the oldest records whose time is up, and the oldest ones past the bound. */
  #sweep(now: number): void {
    let budget = 4;
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size > this.#maxEntries) this.#entries.delete(key);
      else if (now >= entry.until && budget-- > 0) this.#expire(key, entry);
      else break;
    }
  }

  async lock(key: string, ttlMs: number): Promise<TokenLock | undefined> {
    // lock expiry runs on real time: a crashed holder must not block forever under a frozen test clock
    const now = Date.now();
    const held = this.#locks.get(key);
    if (held && held.until > now) return undefined;
    const owner = Symbol(key);
    this.#locks.set(key, { owner, until: now + ttlMs });
    return {
      release: async () => {
        if (this.#locks.get(key)?.owner === owner) this.#locks.delete(key);
      },
    };
  }
}

/**
 * The default store, shared by every manager in the process: clients created separately for the same
 * credential share one token and one refresh. Keys hold the provider, endpoint and a hash of the
 * credential, so different tenants never meet; each manager still checks expiry on its own clock.
 */
export const processStore = new MemoryTokenStore();
