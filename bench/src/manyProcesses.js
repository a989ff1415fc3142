import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SEEDED } from '@x/emulator';
import { startRedis } from '../../packages/token-store-redis/test/redisServer.ts';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('./manyWorker.ts', import.meta.url));
const DAY = 24 * 60 * 60_000;
/** 5. Processes sharing a RedisTokenStore: auth calls per token lifetime (1-day tokens, two lifetimes). */
export async function manyProcesses(emulator, processes = 8, callsEach = 200) {
  const redis = await startRedis();
  try {
    const apiKey = SEEDED.sbt.keys['1-day'];
    const before = await emulator.auth('sbt');
    const round = () =>
      Promise.all(
        Array.from({ length: processes }, () =>
          run(process.execPath, [
            WORKER,
            emulator.url,
            redis.url,
            apiKey,
            SEEDED.sbt.orgCode,
            String(callsEach),
          ]),
        ),
      );
    const first = await round();
    await emulator.advance(DAY + 60_000); // the shared token's day is over at the server
    const second = await round();
    const failed = [...first, ...second].reduce((sum, r) => sum + JSON.parse(r.stdout).failed, 0);
    const authCalls = (await emulator.auth('sbt')) - before;
    return { processes, callsEach, lifetimes: 2, authCalls, authPerLifetime: authCalls / 2, failed };
  } finally {
    await redis.stop();
  }
}
