import { ClickatellSoapClient } from '@x/clickatell-soap';
import type { TokenStore } from '@x/core';
import { ManualClock } from '@x/core/testing';
import { SEEDED } from '@x/emulator';
import { RedisTokenStore } from '@x/token-store-redis';
import { startRedis } from '../../packages/token-store-redis/test/redisServer.ts';
import { basicStore } from './basicStore.ts';
import type { EmulatorProcess } from './emulatorProcess.ts';

const MIN = 60_000;

/**
 * 9. Two processes (two clients, each with its own Redis connection) sharing one Clickatell credential
 * for an hour: one works every 10 minutes, the other only at the start and the end. Auth calls, with
 * sliding expiry written back to Redis (`extend`) beside a store without it.
 */
export async function sharedSessions(emulator: EmulatorProcess) {
  const redis = await startRedis();
  const hour = async (writeBack: boolean) => {
    const prefix = `slide-${writeBack}-${Math.random()}:`;
    const stores = [
      new RedisTokenStore({ url: redis.url, prefix }),
      new RedisTokenStore({ url: redis.url, prefix }),
    ];
    const shared = stores.map((s): TokenStore => (writeBack ? s : basicStore(s)));
    // the clients' clock and the emulator's move together
    const clock = new ManualClock((await emulator.now()) as number);
    const advance = async (ms: number) => {
      await emulator.advance(ms);
      await clock.advance(ms);
    };
    const [busy, rare] = shared.map(
      (store) =>
        new ClickatellSoapClient({
          ...SEEDED.clickatellSoap.demo,
          endpoint: `${emulator.url}/soap/document_literal/webservice`,
          clock,
          store,
        }),
    );
    const before = await emulator.auth('clickatell-soap');
    await busy!.getBalance();
    await rare!.getBalance();
    for (let minute = 10; minute <= 60; minute += 10) {
      await advance(10 * MIN);
      await busy!.getBalance();
    }
    await advance(5 * MIN);
    await rare!.getBalance();
    const auth = (await emulator.auth('clickatell-soap')) - before;
    for (const s of stores) await s.close();
    return auth;
  };
  try {
    return { minutes: 65, authWithWriteBack: await hour(true), authWithout: await hour(false) };
  } finally {
    await redis.stop();
  }
}
