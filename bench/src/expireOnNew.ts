import { type ChildProcess, execFile, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TokenStore } from '@x/core';
import { SEEDED } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { RedisTokenStore } from '@x/token-store-redis';
import { startRedis } from '../../packages/token-store-redis/test/redisServer.ts';
import { basicStore } from './basicStore.ts';
import type { EmulatorProcess } from './emulatorProcess.ts';

const WORKER = fileURLToPath(new URL('./eonWorker.ts', import.meta.url));
const run = promisify(execFile);
type Counts = { rejected: number; failed: number };

/** Ask a worker to make one call; resolves its running counts. */
const ask = (worker: ChildProcess, message: string) =>
  new Promise<Counts>((resolve) => {
    worker.once('message', (counts) => resolve(counts as Counts));
    worker.send(message);
  });

/**
 * 8. `processes` processes under Expire On New; in each round the server forgets the token, one process
 * (each in turn) calls and refreshes, then every other process calls. Server-rejected calls per refresh
 * and failed calls, with news between processes (Redis pub/sub) beside the same without it.
 */
export async function expireOnNew(emulator: EmulatorProcess, processes = 8, rounds = 10) {
  const redis = await startRedis();
  const inTurn = async (news: 'news' | 'silent') => {
    const prefix = `eon-${news}-${Math.random()}:`;
    const args = [
      emulator.url,
      redis.url,
      SEEDED.sbt.keys['expire-on-new'],
      SEEDED.sbt.orgCode,
      prefix,
      news,
    ];
    const workers = Array.from({ length: processes }, () => fork(WORKER, args, { stdio: 'inherit' }));
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    const authBefore = await emulator.auth('sbt');
    let last: Counts[] = [];
    for (let round = 0; round < rounds; round++) {
      await emulator.expire('sbt');
      const refresher = workers[round % processes]!;
      await ask(refresher, 'call');
      last = await Promise.all(workers.map((w) => ask(w, 'call')));
    }
    const refreshes = (await emulator.auth('sbt')) - authBefore;
    for (const w of workers) w.send('exit');
    const rejected = last.reduce((sum, c) => sum + c.rejected, 0);
    return {
      refreshes,
      rejected,
      rejectedPerRefresh: rejected / rounds,
      failed: last.reduce((sum, c) => sum + c.failed, 0),
    };
  };

  /** Redis commands during one refresh (slowed to 500 ms) with `waiters` other managers waiting for it. */
  const commandsPerRefresh = async (news: boolean, waiters = 50) => {
    const prefix = `waiters-${news}-${Math.random()}:`;
    const stores = Array.from({ length: waiters + 1 }, () => new RedisTokenStore({ url: redis.url, prefix }));
    const shared = stores.map((s): TokenStore => (news ? s : basicStore(s)));
    const clients = shared.map(
      (store) =>
        new SbtClient({
          apiKey: SEEDED.sbt.keys['expire-on-new'],
          baseUrl: emulator.url,
          transport: 'rest',
          store,
        }),
    );
    for (const store of stores) await store.get('warm-up'); // connections (and subscriptions) open first
    await new Promise((resolve) => setTimeout(resolve, 200));
    await emulator.inject('sbt', { type: 'delay', ms: 500 });
    const processed = async () => {
      const { stdout } = await run('redis-cli', ['-p', String(redis.port), 'info', 'stats']);
      return Number(/total_commands_processed:(\d+)/.exec(stdout)?.[1]);
    };
    const before = await processed();
    await Promise.all(clients.map((c) => c.securityToken()));
    const commands = (await processed()) - before - 1; // less the INFO that read `before`
    for (const c of clients) c.close();
    for (const s of stores) await s.close();
    return commands;
  };

  try {
    const withNews = await inTurn('news');
    const without = await inTurn('silent');
    const commandsWithNews = await commandsPerRefresh(true);
    const commandsPolling = await commandsPerRefresh(false);
    return { processes, rounds, withNews, without, waiters: 50, commandsWithNews, commandsPolling };
  } finally {
    await redis.stop();
  }
}
