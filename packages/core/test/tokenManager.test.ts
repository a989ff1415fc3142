import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/index.js';
import {
  AuthenticationError,
  exclusive,
  idle,
  type LifecycleEvent,
  lifetime,
  never,
  TokenExpiredError,
  TokenManager,
} from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { loopback } from './loopback.js';

// a loopback auth server: counts calls, can be told to fail or to stall
let server: Awaited<ReturnType<typeof loopback>>;
let calls = 0;
let active = 0;
let maxActive = 0;
let failNext = 0;
let delayMs = 0;
beforeAll(async () => {
  server = await loopback((_req, res) => {
    calls++;
    active++;
    maxActive = Math.max(maxActive, active);
    setTimeout(() => {
      active--;
      if (failNext > 0) {
        failNext--;
        res.writeHead(401).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: `tok-${calls}` }));
    }, delayMs);
  });
});
afterAll(() => server.close());

function reset() {
  calls = 0;
  maxActive = 0;
  failNext = 0;
  delayMs = 0;
}

const http = () => new HttpTransport({ provider: 'test', baseUrl: server.url });
function manager(options: Partial<ConstructorParameters<typeof TokenManager>[0]> = {}) {
  const transport = http();
  return new TokenManager({
    provider: 'test',
    // a key names one credential; the default store is shared by the whole process
    key: `test:${Math.random()}`,
    policy: lifetime(60 * 60_000),
    issue: async () =>
      ((await transport.request({ method: 'POST', path: 'auth' })).data as { token: string }).token,
    ...options,
  });
}

describe('TokenManager', () => {
  it('10,000 concurrent callers on a missing token cause exactly one auth call', async () => {
    reset();
    delayMs = 20;
    const m = manager();
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => m.get()));
    expect(calls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
  });

  it('a rejected auth reaches every waiter; it is not cached and the next call retries', async () => {
    reset();
    failNext = 1;
    delayMs = 10;
    const m = manager();
    const results = await Promise.allSettled(Array.from({ length: 500 }, () => m.get()));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof AuthenticationError)).toBe(
      true,
    );
    expect(calls).toBe(1);
    await expect(m.get()).resolves.toBe('tok-2');
    expect(calls).toBe(2);
  });

  it('inside the refresh window hands out the old token while exactly one background refresh runs', async () => {
    reset();
    delayMs = 30;
    const clock = new ManualClock();
    const m = manager({
      clock,
      policy: lifetime(60 * 60_000),
      refreshWindowMs: 5 * 60_000,
      safetyMarginMs: 60_000,
    });
    const events: LifecycleEvent[] = [];
    m.on((e) => events.push(e));
    expect(await m.get()).toBe('tok-1');
    await clock.advance(56 * 60_000); // 56 min: inside [54, 59) → window
    const during = await Promise.all(Array.from({ length: 1_000 }, () => m.get()));
    expect(new Set(during)).toEqual(new Set(['tok-1']));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(2);
    expect(await m.get()).toBe('tok-2');
    expect(events.map((e) => e.type)).toEqual(['issued', 'refreshed']);
  });

  it('blocks only when the token is really unusable', async () => {
    reset();
    const clock = new ManualClock();
    const m = manager({ clock, policy: lifetime(10 * 60_000), refreshWindowMs: 0, safetyMarginMs: 30_000 });
    expect(await m.get()).toBe('tok-1');
    await clock.advance(9 * 60_000 + 29_000);
    expect(await m.get()).toBe('tok-1');
    await clock.advance(2_000); // past expiry minus margin
    expect(await m.get()).toBe('tok-2');
    expect(calls).toBe(2);
  });

  it('idle policy: every successful use extends the token', async () => {
    reset();
    const clock = new ManualClock();
    const m = manager({ clock, policy: idle(15 * 60_000) });
    for (let i = 0; i < 6; i++) {
      await m.use(async () => 'ok');
      await clock.advance(10 * 60_000);
    }
    expect(calls).toBe(1);
    await clock.advance(15 * 60_000);
    await m.get();
    expect(calls).toBe(2);
  });

  it('never policy: a token is kept for ten years', async () => {
    reset();
    const clock = new ManualClock();
    const m = manager({ clock, policy: never });
    await m.get();
    await clock.advance(10 * 365 * 24 * 60 * 60_000);
    await m.get();
    expect(calls).toBe(1);
  });

  it('on an invalid-token answer drops the token only if the failed call used the current one', async () => {
    reset();
    const m = manager({ policy: never });
    let serverToken = '';
    const call = async (token: string) => {
      if (token !== serverToken)
        throw new TokenExpiredError('invalid token', { provider: 'test', code: 1000 });
      return token;
    };
    serverToken = await m.get();
    await m.refresh(); // the server now only knows tok-2? simulate: server moved on
    serverToken = 'tok-2';
    // a straggler failure with the old token must not cause another refresh
    await m.invalidate('tok-1');
    expect(await m.get()).toBe('tok-2');
    expect(calls).toBe(2);
    // now the server forgets tok-2: 100 concurrent calls → exactly one re-auth, each retried once
    serverToken = 'tok-3';
    const results = await Promise.all(Array.from({ length: 100 }, () => m.use(call)));
    expect(new Set(results)).toEqual(new Set(['tok-3']));
    expect(calls).toBe(3);
  });

  it('a call that fails twice with an invalid token reaches the caller (one retry only)', async () => {
    reset();
    const m = manager({ policy: never });
    let attempts = 0;
    await expect(
      m.use(async () => {
        attempts++;
        throw new TokenExpiredError('invalid token', { provider: 'test' });
      }),
    ).rejects.toBeInstanceOf(TokenExpiredError);
    expect(attempts).toBe(2);
    expect(calls).toBe(2);
  });

  it('exclusive: never runs two auths at once, even for many managers sharing a store', async () => {
    reset();
    delayMs = 15;
    const { MemoryTokenStore } = await import('../src/index.js');
    const store = new MemoryTokenStore();
    const key = `test:exclusive:${Math.random()}`;
    const managers = Array.from({ length: 8 }, () =>
      manager({ key, policy: exclusive, store, lockPollMs: 5 }),
    );
    await Promise.all(managers.flatMap((m) => Array.from({ length: 100 }, () => m.get())));
    expect(calls).toBe(1);
    expect(maxActive).toBe(1);
    // every manager's token is rejected at once: still one auth, never two concurrent
    const first = await managers[0]!.get();
    await Promise.all(managers.map((m) => m.invalidate(first)));
    const next = await Promise.all(managers.flatMap((m) => Array.from({ length: 50 }, () => m.get())));
    expect(new Set(next)).toEqual(new Set(['tok-2']));
    expect(calls).toBe(2);
    expect(maxActive).toBe(1);
  });

  it('keep-alive pings on its timer and stops on close()', async () => {
    reset();
    const clock = new ManualClock();
    let pings = 0;
    const m = manager({
      clock,
      policy: idle(15 * 60_000),
      keepAlive: { intervalMs: 10 * 60_000, ping: async () => void pings++ },
    });
    await m.get();
    // six intervals, each up to 10% late (jitter): exactly six pings
    await clock.advance(66 * 60_000);
    expect(pings).toBe(6);
    expect(calls).toBe(1);
    m.close();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(60 * 60_000);
    expect(pings).toBe(6);
  });

  it('managers of the same credential in one process share the default store: one token, one auth', async () => {
    reset();
    const key = `test:shared:${Math.random()}`;
    const [a, b] = [manager({ key, policy: exclusive }), manager({ key, policy: exclusive })];
    const tokens = await Promise.all([...Array(100)].flatMap(() => [a.get(), b.get()]));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(calls).toBe(1);
    const other = manager({ policy: exclusive }); // another credential: its own token
    expect(await other.get()).toBe('tok-2');
  });
});
