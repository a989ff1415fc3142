import { type Clock, credentialKey, type TokenStore } from '@x/core';

// A log-out has to reach every process that cached the user, before its next request, not after its
// cache runs out. The shared TokenStore already carries that news (Redis pub/sub for RedisTokenStore):
// a log-out writes a small mark under a key derived from the token, and every process that holds the
// token watches that key. The mark holds no token (only the words below), and the key only a hash of it.

const MARK = 'logged-out';

/** Log-outs told to, and heard from, the other processes sharing a `TokenStore`. */
export class SharedLogouts {
  readonly #store: TokenStore | undefined;
  readonly #site: string;
  readonly #markMs: number;
  readonly #clock: Clock;

  /** `markMs`: how long a mark is kept, as long as any process may still hold the token in its cache. */
  constructor(store: TokenStore | undefined, site: string, markMs: number, clock: Clock) {
    this.#store = store;
    this.#site = site;
    this.#markMs = markMs;
    this.#clock = clock;
  }

  /** The store key of `token`'s mark: a hash, never the token. */
  keyOf(token: string): string {
    return credentialKey('cms-auth', this.#site, MARK, token);
  }

  /** Tell every process watching `token` that it is logged out. */
  async announce(token: string): Promise<void> {
    if (!this.#store) return;
    const now = this.#clock.now();
    await this.#store.set(
      this.keyOf(token),
      { value: MARK, issuedAt: now, expiresAt: now + this.#markMs },
      this.#markMs,
    );
  }

  /** Call `onLogout` when another process (or this one) announces `token`'s log-out; returns the unwatch. */
  watch(token: string, onLogout: () => void): () => void {
    return this.#store?.watch?.(this.keyOf(token), onLogout) ?? noop;
  }
}

const noop = () => undefined;
