import type { LifecycleEvent } from '@x/core';
import { SEEDED, startEmulator } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { startRedis } from './redisServer.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const until = async (check: () => boolean, ms = 2_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return check();
};

describe('news between processes (Redis pub/sub)', () => {
  it('Expire On New: one process refreshes, the others switch before their next call; none is rejected', async () => {
    const emulator = await startEmulator();
    const prefix = `news-${Math.random()}:`;
    // one store each: what separate processes have
    const stores = Array.from({ length: 4 }, () => new RedisTokenStore({ url: redis.url, prefix }));
    const events: LifecycleEvent[][] = stores.map(() => []);
    const clients = stores.map((store, i) => {
      const client = new SbtClient({
        apiKey: SEEDED.sbt.keys['expire-on-new'],
        baseUrl: emulator.url,
        store,
      });
      client.on((event) => events[i]!.push(event));
      return client;
    });
    const send = (client: SbtClient) =>
      client.sendMessage({ orgCode: SEEDED.sbt.orgCode, message: 'hi', to: ['5551234567'] });
    try {
      for (const client of clients) await send(client);
      const first = await clients[1]!.securityToken();
      expect(emulator.counters('sbt').auth).toBe(1);
      // process 0 refreshes (its token was rejected), which kills the token the others hold
      emulator.expireTokens('sbt');
      await send(clients[0]!);
      const fresh = await clients[0]!.securityToken();
      expect(fresh).not.toBe(first);
      // the others learn of it from Redis, without a call of their own
      expect(
        await until(() => clients.every((c) => c.tokenInfo()?.token === clients[0]!.tokenInfo()?.token)),
      ).toBe(true);
      for (const client of clients.slice(1)) await send(client);
      expect(emulator.counters('sbt').auth).toBe(2);
      const rejected = (i: number) => events[i]!.filter((e) => e.type === 'expired' && e.reason === 'server');
      expect(rejected(0)).toHaveLength(1);
      for (const i of [1, 2, 3]) expect(rejected(i)).toHaveLength(0);
    } finally {
      for (const client of clients) client.close();
      for (const store of stores) await store.close();
      await emulator.close();
    }
  });
});
