/** A token as stored: the raw value (stores keep it; nothing prints it) and its timing. */
export interface StoredToken {
  /** The token itself. */
  readonly value: string;
  /** Epoch ms at which it was issued. */
  readonly issuedAt: number;
  /** Epoch ms at which the server forgets it; `null` when it does not expire by time. */
  readonly expiresAt: number | null;
}

/** A held refresh lock. Only its holder can release it. */
export interface TokenLock {
  /** Give the lock up; does nothing once it has expired and someone else holds it. */
  release(): Promise<void>;
}

/**
 * Where managed tokens live, and the lock that makes a refresh happen once across every process
 * sharing the store. Keys never contain secrets.
 */
export interface TokenStore {
  /** The token stored under `key`, or `undefined` when there is none (or it has expired). */
  get(key: string): Promise<StoredToken | undefined>;
  /** Store `token`; a `ttlMs` lets the store forget it by itself. */
  set(key: string, token: StoredToken, ttlMs?: number): Promise<void>;
  /** Delete the record; with `onlyIfValue`, only while it still holds that token (compare-and-delete). */
  delete(key: string, onlyIfValue?: string): Promise<void>;
  /** Try to take the refresh lock for `key` for at most `ttlMs`; `undefined` when someone else holds it. */
  lock(key: string, ttlMs: number): Promise<TokenLock | undefined>;
  /**
   * Optional: move the expiry of the record while it still holds `value` (a sliding session used
   * again), so that every process sharing the store sees the session live. Stores without it keep the
   * first expiry; other processes then re-auth when their copy runs out.
   */
  extend?(key: string, value: string, expiresAt: number, ttlMs: number): Promise<void>;
  /**
   * Optional: call `listener` when the record of `key` is set or deleted, by this holder of the store or
   * by another process (notifications carry no token: read the store to see what changed). Managers adopt
   * a new token or drop a deleted one at once, and lock waiters wake instead of polling. Returns a
   * function that stops listening.
   */
  watch?(key: string, listener: (change: StoreChange) => void): () => void;
}

/** A change to a stored record, as `TokenStore.watch` reports it. It never holds a token. */
export interface StoreChange {
  /** The record's key (as the manager gave it to the store). */
  readonly key: string;
  /** `set`: a token was stored; `delete`: the record was deleted. */
  readonly type: 'set' | 'delete';
}
