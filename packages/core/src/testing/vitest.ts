/**
 * The conformance suites, written for vitest (an optional peer dependency): {@link describeTokenStore}
 * runs the `TokenStore` contract against your store, {@link describeManagedClient} the token-lifecycle
 * contract against a managed provider client. The runner-agnostic kit is `@x/core/testing`.
 *
 * @module \@x/core/testing/vitest
 */
import { describe, expect, it } from 'vitest';
import type { StoredToken, TokenStore } from '../token/tokenStore.js';

/**
 * The `TokenStore` contract, as one suite. Every store (memory, Redis, yours) runs it:
 * `describeTokenStore('redis', async () => ({ store, cleanup }))`.
 */
export function describeTokenStore(
  name: string,
  setup: () => Promise<{ store: TokenStore; cleanup?: () => Promise<void> }>,
): void {
  const token = (value: string): StoredToken => ({ value, issuedAt: 1, expiresAt: null });
  const withStore = (fn: (store: TokenStore, key: string) => Promise<void>) => async () => {
    const { store, cleanup } = await setup();
    try {
      await fn(store, `conformance:${Math.random().toString(36).slice(2)}`);
    } finally {
      await cleanup?.();
    }
  };

  describe(`TokenStore conformance: ${name}`, () => {
    it(
      'returns what was set, and nothing for an unknown key',
      withStore(async (store, key) => {
        expect(await store.get(key)).toBeUndefined();
        await store.set(key, { value: 'tok-1', issuedAt: 5, expiresAt: 1_000 });
        expect(await store.get(key)).toEqual({ value: 'tok-1', issuedAt: 5, expiresAt: 1_000 });
      }),
    );

    it(
      'forgets a record after its ttl',
      withStore(async (store, key) => {
        // wide enough that a loaded machine still reads it back before the ttl is up
        await store.set(key, token('short'), 500);
        expect((await store.get(key))?.value).toBe('short');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(await store.get(key)).toBeUndefined();
      }),
    );

    it(
      'deletes only while the record still holds the given value',
      withStore(async (store, key) => {
        await store.set(key, token('new'));
        await store.delete(key, 'old');
        expect((await store.get(key))?.value).toBe('new');
        await store.delete(key, 'new');
        expect(await store.get(key)).toBeUndefined();
        await store.set(key, token('x'));
        await store.delete(key);
        expect(await store.get(key)).toBeUndefined();
      }),
    );

    it(
      'grants the lock to one holder at a time; only the holder releases it',
      withStore(async (store, key) => {
        const attempts = await Promise.all(Array.from({ length: 20 }, () => store.lock(key, 5_000)));
        const held = attempts.filter((lock) => lock !== undefined);
        expect(held).toHaveLength(1);
        expect(await store.lock(key, 5_000)).toBeUndefined();
        await held[0]!.release();
        const next = await store.lock(key, 5_000);
        expect(next).toBeDefined();
        await held[0]!.release(); // a stale holder's release must not free the new holder's lock
        expect(await store.lock(key, 5_000)).toBeUndefined();
        await next!.release();
      }),
    );

    it(
      "lets another holder in once a crashed holder's lock expires",
      withStore(async (store, key) => {
        expect(await store.lock(key, 500)).toBeDefined();
        expect(await store.lock(key, 500)).toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const lock = await store.lock(key, 500);
        expect(lock).toBeDefined();
        await lock!.release();
      }),
    );
  });
}

/** What a managed provider client exposes to the lifecycle conformance suite. */
export interface ManagedClientHarness {
  /** The managed call, e.g. `client.sessionId()` or `client.securityToken()`. */
  token(): Promise<string>;
  /** How many auth calls the server has seen so far. */
  authCalls(): Promise<number>;
  /** Make the server forget every token it issued (as expiry or a new token elsewhere would). */
  expireOnServer(): Promise<void>;
  /** A token-protected call through the client that re-auths once on an invalid-token answer. */
  protectedCall(): Promise<unknown>;
  /** Make the server refuse the next auth call. */
  failNextAuth(): Promise<void>;
  /** Stop the client and its server; called after every test. */
  close(): Promise<void>;
}

/**
 * The token-lifecycle contract every managed provider client proves against the emulator:
 * single flight, failures not cached, re-auth once on an invalid token.
 */
export function describeManagedClient(name: string, setup: () => Promise<ManagedClientHarness>): void {
  const run = (fn: (h: ManagedClientHarness) => Promise<void>) => async () => {
    const harness = await setup();
    try {
      await fn(harness);
    } finally {
      await harness.close();
    }
  };

  describe(`managed client conformance: ${name}`, () => {
    it(
      '200 concurrent callers on a missing token cause exactly one auth call',
      run(async (h) => {
        const tokens = await Promise.all(Array.from({ length: 200 }, () => h.token()));
        expect(new Set(tokens).size).toBe(1);
        expect(await h.authCalls()).toBe(1);
        expect(await h.token()).toBe(tokens[0]);
        expect(await h.authCalls()).toBe(1);
      }),
    );

    it(
      'a rejected auth reaches every waiter, and the next call tries again',
      run(async (h) => {
        await h.failNextAuth();
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => h.token()));
        expect(results.every((r) => r.status === 'rejected')).toBe(true);
        expect(await h.authCalls()).toBe(1);
        await expect(h.token()).resolves.toEqual(expect.any(String));
        expect(await h.authCalls()).toBe(2);
      }),
    );

    it(
      'an invalid-token answer mid-call re-auths once and the call succeeds',
      run(async (h) => {
        await h.token();
        await h.expireOnServer();
        await Promise.all(Array.from({ length: 20 }, () => h.protectedCall()));
        expect(await h.authCalls()).toBe(2);
      }),
    );
  });
}
