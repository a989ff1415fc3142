import type { Clock } from '@x/core';
import type { Identity } from './identity.js';

interface KnownUser {
  identity: Identity;
  until: number;
  /** Stops listening for this token's log-out elsewhere. */
  unwatch: () => void;
}

/**
 * What a `CmsAuthManager` knows of tokens for `ttlMs`: the user behind a live token, and the tokens the
 * service said are not live. The two are kept apart, each at most `maxEntries` (the oldest goes first),
 * so that a flood of made-up cookies can fill only the second and never pushes a real user out.
 */
export class IdentityCache {
  readonly #users = new Map<string, KnownUser>();
  /** Token → when the refusal is forgotten. */
  readonly #refused = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: Clock;

  constructor(ttlMs: number, maxEntries: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#clock = clock;
  }

  /** The user, `null` for a token known not to be live, `undefined` when the service must be asked. */
  get(token: string): Identity | null | undefined {
    const now = this.#clock.now();
    const user = this.#users.get(token);
    if (user) {
      if (now < user.until) return user.identity;
      this.forget(token);
    }
    const refusedUntil = this.#refused.get(token);
    if (refusedUntil === undefined) return undefined;
    if (now < refusedUntil) return null;
    this.#refused.delete(token);
    return undefined;
  }

  /** Remember the user behind `token`; `unwatch` is called when the entry goes. */
  rememberUser(token: string, identity: Identity, unwatch: () => void): void {
    this.forget(token);
    this.#users.set(token, { identity, until: this.#clock.now() + this.#ttlMs, unwatch });
    if (this.#users.size > this.#maxEntries) this.forget(this.#users.keys().next().value as string);
  }

  /** Remember that `token` is not live (the service said so, or it was logged out). */
  rememberRefused(token: string): void {
    this.forget(token);
    this.#refused.set(token, this.#clock.now() + this.#ttlMs);
    if (this.#refused.size > this.#maxEntries)
      this.#refused.delete(this.#refused.keys().next().value as string);
  }

  /** Forget all about `token`; whether a user was known for it. */
  forget(token: string): boolean {
    this.#refused.delete(token);
    const user = this.#users.get(token);
    if (!user) return false;
    this.#users.delete(token);
    user.unwatch();
    return true;
  }

  /** Forget everything (the manager is closing). */
  clear(): void {
    for (const token of [...this.#users.keys()]) this.forget(token);
    this.#refused.clear();
  }
}
