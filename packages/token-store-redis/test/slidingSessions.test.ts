import { ClickatellSoapClient } from '@x/clickatell-soap';
import { ManualClock } from '@x/core/testing';
import { SEEDED, startEmulator } from '@x/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { startRedis } from './redisServer.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

describe('sliding sessions shared through Redis', () => {
  it('two processes sharing one Clickatell credential for an hour, gaps under 15 minutes: 1 auth', async () => {
    const clock = new ManualClock();
    const emulator = await startEmulator({ clock });
    // two stores on their own connections: what two processes have
    const prefix = `slide-${Math.random()}:`;
    const stores = [
      new RedisTokenStore({ url: redis.url, prefix }),
      new RedisTokenStore({ url: redis.url, prefix }),
    ];
    const [a, b] = stores.map(
      (store) =>
        new ClickatellSoapClient({
          ...SEEDED.clickatellSoap.demo,
          endpoint: emulator.urls.clickatellSoap,
          clock,
          store,
        }),
    );
    try {
      expect(await a!.getBalance()).toBe(100);
      expect(await b!.getBalance()).toBe(100);
      // A works every 10 minutes; B only at the end, long after its own copy of the session ran out
      for (let minute = 10; minute <= 60; minute += 10) {
        await clock.advance(10 * 60_000);
        await a!.getBalance();
      }
      await clock.advance(5 * 60_000);
      expect(await b!.getBalance()).toBe(100);
      expect(emulator.counters('clickatell-soap').auth).toBe(1);
    } finally {
      for (const store of stores) await store.close();
      await emulator.close();
    }
  });
});
