import { type Clock, systemClock } from './clock.js';

/** A token as stored: the raw value (stores keep it; nothing prints it) and its timing. */
export interface StoredToken {
  readonly value: string;
  readonly issuedAt: number;
  /** Epoch ms at which the server forgets it; `null` when it does not expire by time. */
  readonly expiresAt: number | null;
}

/** A held refresh lock. Only its holder can release it. */
export interface TokenLock {
  release(): Promise<void>;
}

/**
 * Where managed tokens live, and the lock that makes a refresh happen once across every process
 * sharing the store. Keys never contain secrets.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** Store `token`; a `ttlMs` lets the store forget it by itself. */
  set(key: string, token: StoredToken, ttlMs?: number): Promise<void>;
  /** Delete the record; with `onlyIfValue`, only while it still holds that token (compare-and-delete). */
  delete(key: string, onlyIfValue?: string): Promise<void>;
  /** Try to take the refresh lock for `key` for at most `ttlMs`; `undefined` when someone else holds it. */
  lock(key: string, ttlMs: number): Promise<TokenLock | undefined>;
}

interface Entry {
  token: StoredToken;
  until: number;
}

/** The default store: one process, no I/O. */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, Entry>();
  readonly #locks = new Map<string, { owner: symbol; until: number }>();
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#clock.now() >= entry.until) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  async set(key: string, token: StoredToken, ttlMs?: number): Promise<void> {
    this.#entries.set(key, {
      token,
      until: ttlMs === undefined ? Number.POSITIVE_INFINITY : this.#clock.now() + ttlMs,
    });
  }

  async delete(key: string, onlyIfValue?: string): Promise<void> {
    if (onlyIfValue !== undefined && this.#entries.get(key)?.token.value !== onlyIfValue) return;
    this.#entries.delete(key);
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
