import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CmsAuthClient, CmsAuthManager } from '@x/cms-auth';
import { CHANNELS, fingerprint, type LifecycleEvent } from '@x/core';
import { startEmulator } from '@x/emulator';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { startRedis } from './redisServer.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

/** The first `x-auth:token` event that `match` accepts, or `undefined` after `ms`. */
function nextTokenEvent(match: (event: LifecycleEvent) => boolean, ms = 2_000) {
  return new Promise<LifecycleEvent | undefined>((resolve) => {
    const listener = (message: unknown) => {
      if (!match(message as LifecycleEvent)) return;
      done(message as LifecycleEvent);
    };
    const timer = setTimeout(() => done(undefined), ms);
    const done = (event: LifecycleEvent | undefined) => {
      clearTimeout(timer);
      unsubscribe(CHANNELS.token, listener);
      resolve(event);
    };
    subscribe(CHANNELS.token, listener);
  });
}

/** Wait until `count` connections listen on the store's change channel (each store subscribes lazily). */
async function subscribed(prefix: string, count: number) {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const deadline = Date.now() + 5_000;
    const channel = `${prefix}changes`;
    while (Date.now() < deadline) {
      const listeners = await client.pubSubNumSub(channel);
      if (Number(listeners[channel] ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`fewer than ${count} subscribers on ${channel}`);
  } finally {
    await client.close();
  }
}

describe('@x/cms-auth log-outs between processes (Redis pub/sub)', () => {
  it('after a log-out through A, B refuses the token on its next request, without asking the CMS', async () => {
    const emulator = await startEmulator();
    const prefix = `cms-logout-${Math.random()}:`;
    // one store and one client each: what two processes have
    const storeA = new RedisTokenStore({ url: redis.url, prefix });
    const storeB = new RedisTokenStore({ url: redis.url, prefix });
    const a = new CmsAuthManager(new CmsAuthClient({ site: emulator.urls.cmsSite }), { store: storeA });
    const b = new CmsAuthManager(new CmsAuthClient({ site: emulator.urls.cmsSite }), { store: storeB });
    const request = (token: string) => new Headers({ cookie: `authToken=${token}` });
    try {
      const { token } = await a.login({ username: 'alice', password: 'wonderland' });
      expect(await b.currentUser(request(token))).toMatchObject({ username: 'alice' }); // B caches it
      await subscribed(prefix, 2); // A and B each watch the token now
      // A tells of its own log-out (`logout`); B of the news it heard from the store
      const bDropsIt = nextTokenEvent(
        (event) =>
          event.provider === 'cms-auth' && event.token === fingerprint(token) && event.reason !== 'logout',
      );
      await a.logout(request(token));
      // B hears of it from Redis, before anybody asks it anything
      expect(await bDropsIt).toMatchObject({ type: 'expired', reason: 'store' });
      const callsBefore = emulator.counters('cms-auth').requests;
      expect(await b.currentUser(request(token))).toBeNull();
      expect(emulator.counters('cms-auth').requests).toBe(callsBefore);
      // a new log-in through A is still B's user at once
      const again = await a.login({ username: 'alice', password: 'wonderland' });
      expect(await b.currentUser(request(again.token))).toMatchObject({ username: 'alice' });
    } finally {
      a.close();
      b.close();
      await storeA.close();
      await storeB.close();
      await emulator.close();
    }
  });
});
