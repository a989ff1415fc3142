// What users rely on in TokenManager, told by counts of auth calls, store writes and their lifetimes, and
// what use() returns: each test starts its own manager, store and counters.
import { describe, expect, it, vi } from 'vitest';
import {
  exclusive,
  type IssuedToken,
  idle,
  type LifecycleEvent,
  lifetime,
  never,
  ServiceError,
  TokenExpiredError,
  type TokenManagerOptions,
  TransportError,
} from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { credential, eventsOf, MIN, settle } from './credential.js';
import { recordingStore } from './recordingStore.js';

describe('use()', () => {
  it('runs the call once more only after TokenExpiredError; any other error reaches the caller after one run', async () => {
    const { state, make } = credential();
    const manager = make();
    const errors = [
      new ServiceError('no credit', { provider: 'test', code: '301' }),
      new TransportError('reset', { provider: 'test', retryable: true }),
      new Error('a bug in the call'),
    ];
    for (const error of errors) {
      let runs = 0;
      await expect(
        manager.use(async () => {
          runs++;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(runs).toBe(1);
    }
    expect(state.issued).toBe(1);
  });

  it('returns what the call returned, also when the use writes a sliding session back to the store', async () => {
    const clock = new ManualClock();
    const { store, calls } = recordingStore({ clock });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make();
    await manager.get();
    await clock.advance(2 * MIN);
    await expect(manager.use(async (token) => `result for ${token}`)).resolves.toBe('result for tok-1');
    expect(calls.extend).toHaveLength(1);
  });
});

describe('rejected tokens', () => {
  it('a call that succeeds after its token was dropped meanwhile (another call saw it rejected) returns its result', async () => {
    const { state, make } = credential({ policy: idle(15 * MIN) });
    const manager = make();
    let finish: () => void = () => {};
    const using = manager.use(async (token) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return `done with ${token}`;
    });
    await settle();
    await manager.invalidate('tok-1');
    finish();
    await expect(using).resolves.toBe('done with tok-1');
    expect(manager.peek()).toBeUndefined();
    expect(state.issued).toBe(1);
  });

  it('a late failure of an older token, after a time-based refresh, keeps the current one (here and in the store)', async () => {
    const clock = new ManualClock();
    const { store } = recordingStore({ clock });
    const { state, make } = credential({ clock, store, policy: lifetime(10 * MIN), refreshWindowMs: 0 });
    const manager = make({ safetyMarginMs: 0 });
    const old = await manager.get();
    await clock.advance(10 * MIN);
    const current = await manager.get();
    expect(current).not.toBe(old);
    const events = eventsOf(manager);
    await manager.invalidate(old);
    expect(await manager.get()).toBe(current);
    expect(events).toEqual([]); // the current token was never dropped
    expect(await make().get()).toBe(current); // another manager finds it in the store
    expect(state.issued).toBe(2);
  });

  it('a late failure of an older token keeps a sliding session whose stored copy ran out (store without extend)', async () => {
    const clock = new ManualClock();
    const { store } = recordingStore({ clock, extend: false });
    const { state, make } = credential({ clock, store, policy: idle(15 * MIN) });
    const manager = make();
    const old = await manager.get();
    await clock.advance(15 * MIN);
    const current = await manager.get(); // 15 min: the stored copy lives until 30 min
    await clock.advance(10 * MIN);
    await manager.use(async () => undefined); // 25 min: here it lives until 40 min
    await clock.advance(6 * MIN);
    await manager.invalidate(old);
    expect(await manager.get()).toBe(current);
    expect(state.issued).toBe(2);
  });

  it('a token the server rejected is never adopted again from the store, even when deleting it failed', async () => {
    const { store } = recordingStore({ watch: false });
    store.delete = async () => {
      throw new Error('store unreachable');
    };
    const { state, make } = credential({ store });
    const [a, b] = [make(), make()];
    const first = await a.get();
    expect(await b.get()).toBe(first);
    const events: LifecycleEvent[] = [];
    b.on((event) => events.push(event));
    await b.invalidate(first);
    expect(events.map((e) => [e.type, e.reason])).toEqual([
      ['expired', 'server'],
      ['failed', 'store delete: Error'],
    ]);
    const next = await b.get();
    expect(next).not.toBe(first);
    expect(state.issued).toBe(2);
  });
});

describe('lifetimes', () => {
  it('the store is told how long each token lives: the policy, the server’s expiry, or no limit', async () => {
    const cases: [
      Partial<TokenManagerOptions>,
      ((n: number) => IssuedToken) | undefined,
      number | undefined,
    ][] = [
      [{ policy: lifetime(60 * MIN) }, undefined, 60 * MIN],
      [{ policy: idle(15 * MIN) }, undefined, 15 * MIN],
      [{ policy: never }, undefined, undefined],
      [{ policy: exclusive }, undefined, undefined],
      [
        { policy: lifetime(60 * MIN) },
        (n) => ({ token: `tok-${n}`, expiresAt: clock.now() + 5 * MIN }),
        5 * MIN,
      ],
      [{ policy: lifetime(60 * MIN) }, (n) => ({ token: `tok-${n}`, expiresAt: null }), undefined],
    ];
    const clock = new ManualClock();
    for (const [options, answer, ttlMs] of cases) {
      const { store, calls } = recordingStore({ clock });
      const { state, make } = credential({ clock, store, ...options });
      state.answer = answer;
      await make().get();
      expect(calls.set).toEqual([{ value: 'tok-1', ttlMs }]);
    }
  });

  it('an expiry the server returns wins over the policy', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({
      clock,
      policy: lifetime(60 * MIN),
      safetyMarginMs: 0,
      refreshWindowMs: 0,
    });
    state.answer = (n) => ({ token: `tok-${n}`, expiresAt: clock.now() + 5 * MIN });
    const manager = make();
    expect(await manager.get()).toBe('tok-1');
    expect(manager.peek()?.expiresAt).toBe(clock.now() + 5 * MIN);
    await clock.advance(5 * MIN - 1);
    expect(await manager.get()).toBe('tok-1');
    await clock.advance(1);
    expect(await manager.get()).toBe('tok-2');
    // and a server that says "never" keeps its token past the policy's hour
    state.answer = (n) => ({ token: `tok-${n}`, expiresAt: null });
    await manager.refresh();
    await clock.advance(10 * 60 * MIN);
    expect(await manager.get()).toBe('tok-3');
    expect(state.issued).toBe(3);
  });

  it('a fixed-lifetime token does not slide: uses neither move its expiry nor write to the store', async () => {
    const clock = new ManualClock();
    const { store, calls } = recordingStore({ clock });
    const { state, make } = credential({ clock, store, policy: lifetime(10 * MIN) });
    const manager = make({ safetyMarginMs: 0, refreshWindowMs: 0 });
    await manager.get();
    const expiresAt = manager.peek()?.expiresAt;
    for (let i = 0; i < 4; i++) {
      await clock.advance(2 * MIN);
      await manager.use(async () => undefined);
    }
    expect(manager.peek()?.expiresAt).toBe(expiresAt);
    await clock.advance(2 * MIN);
    expect(await manager.get()).toBe('tok-2');
    expect(calls.extend).toEqual([]);
    expect(state.issued).toBe(2);
  });
});

describe('sliding write-back', () => {
  it('a use is written back at most once per slideWriteMs, with the idle time as the record’s lifetime', async () => {
    const clock = new ManualClock();
    const { store, calls } = recordingStore({ clock });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make(); // writes every 90 s
    await manager.get();
    const start = clock.now();
    for (let s = 30; s <= 360; s += 30) {
      await clock.advance(30_000);
      await manager.use(async () => undefined);
    }
    expect(calls.extend).toEqual(
      [90, 180, 270, 360].map((s) => ({
        value: 'tok-1',
        expiresAt: start + s * 1_000 + 15 * MIN,
        ttlMs: 15 * MIN,
      })),
    );
  });

  it('with a store that cannot extend, the session still slides here, and other processes re-auth when the stored copy ends', async () => {
    const clock = new ManualClock();
    const { store } = recordingStore({ clock, extend: false });
    const { state, make } = credential({ clock, store, policy: idle(15 * MIN) });
    const [busy, rare] = [make(), make()];
    expect(await rare.get()).toBe(await busy.get());
    for (let minute = 0; minute < 60; minute += 10) {
      await clock.advance(10 * MIN);
      await busy.use(async () => undefined);
    }
    expect(await busy.get()).toBe('tok-1');
    expect(await rare.get()).toBe('tok-2');
    expect(state.issued).toBe(2);
  });
});

describe('background refresh', () => {
  it('after a failed background refresh, calls go on with the current token and try again only after backgroundRetryMs', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({ clock, policy: lifetime(60 * MIN) }); // window 5 min, margin 1 min
    const manager = make({ backgroundRetryMs: 3_000 });
    await manager.get();
    await clock.advance(56 * MIN);
    state.failing = true;
    expect(await manager.get()).toBe('tok-1');
    await settle();
    expect(state.issued).toBe(2);
    for (let i = 0; i < 100; i++) expect(await manager.get()).toBe('tok-1');
    await clock.advance(2_999);
    await manager.get();
    await settle();
    expect(state.issued).toBe(2);
    await clock.advance(1);
    state.failing = false;
    await manager.get();
    await settle();
    expect(state.issued).toBe(3);
    expect(await manager.get()).toBe('tok-3');
  });
});

describe('keep-alive', () => {
  const keepAlive = (ping: () => Promise<void>) => ({ intervalMs: 10 * MIN, ping });

  it('closing one kept-alive manager leaves the pings of the others on the same clock', async () => {
    const clock = new ManualClock();
    const pings = { a: 0, b: 0 };
    const a = credential({ clock, policy: idle(15 * MIN) }).make({
      keepAlive: keepAlive(async () => void pings.a++),
    });
    const b = credential({ clock, policy: idle(15 * MIN) }).make({
      keepAlive: keepAlive(async () => void pings.b++),
    });
    await a.get();
    await b.get();
    a.close();
    await clock.advance(66 * MIN);
    expect(pings).toEqual({ a: 0, b: 6 });
    b.close();
  });

  it('a session refreshed many times is still pinged once per interval', async () => {
    const clock = new ManualClock();
    let pings = 0;
    const manager = credential({ clock, policy: idle(15 * MIN) }).make({
      keepAlive: keepAlive(async () => void pings++),
    });
    await manager.get();
    for (let i = 0; i < 3; i++) await manager.refresh();
    await clock.advance(11 * MIN);
    expect(pings).toBe(1);
    manager.close();
  });

  it('a failed ping is reported and tried again an interval later; a ping the server refuses drops the session', async () => {
    const clock = new ManualClock();
    // a session that outlives a missed ping (60 min idle), so the retry an interval later still finds it
    const { state, make } = credential({ clock, policy: idle(60 * MIN) });
    let refuse: Error = new ServiceError('busy', { provider: 'test', code: 500 });
    let pings = 0;
    const manager = make({
      keepAlive: keepAlive(async () => {
        pings++;
        throw refuse;
      }),
    });
    await manager.get();
    const events: LifecycleEvent[] = [];
    manager.on((event) => events.push(event));
    await clock.advance(11 * MIN);
    expect(pings).toBe(1);
    expect(events.map((e) => [e.type, e.reason])).toEqual([['failed', 'keep-alive: ServiceError 500']]);
    await clock.advance(8.5 * MIN); // 19.5 min: not yet an interval after the failed attempt
    expect(pings).toBe(1);
    refuse = new TokenExpiredError('session gone', { provider: 'test', code: '003' });
    await clock.advance(3 * MIN);
    expect(pings).toBe(2);
    expect(events.at(-1)).toMatchObject({ type: 'expired', reason: 'server' });
    expect(manager.peek()).toBeUndefined();
    await clock.advance(30 * MIN);
    expect(pings).toBe(2);
    expect(clock.pendingTimers).toBe(0); // a session without a token is no longer scheduled
    expect(await manager.get()).toBe('tok-2');
    expect(state.issued).toBe(2);
    manager.close();
  });

  it('a token whose time is up is not pinged, not even at the very moment it became unusable', async () => {
    const clock = new ManualClock();
    let pings = 0;
    const manager = credential({ clock, policy: lifetime(10 * MIN) }).make({
      safetyMarginMs: 0,
      refreshWindowMs: 0,
      keepAlive: keepAlive(async () => void pings++),
    });
    vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: the ping comes exactly one interval after the use
    try {
      await manager.get();
      await clock.advance(10 * MIN);
      expect(pings).toBe(0);
      manager.close();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a ping is reported with the expiry it moved the session to', async () => {
    const clock = new ManualClock();
    const manager = credential({ clock, policy: idle(15 * MIN) }).make({
      keepAlive: keepAlive(async () => {}),
    });
    vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter
    try {
      await manager.get();
      const events = eventsOf(manager);
      await clock.advance(10 * MIN);
      expect(events.map((e) => [e.type, e.expiresAt])).toEqual([
        ['used', clock.now() + 15 * MIN],
        ['keep-alive', clock.now() + 15 * MIN],
      ]);
      manager.close();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('the interval must be a positive number of ms, and under idle expiry end before the safety margin', () => {
    const ping = async () => {};
    const make = credential().make;
    // 15 min idle, 30 s margin: below (15 min − 30 s) / 1.1
    expect(() => make({ policy: idle(15 * MIN), keepAlive: { intervalMs: 14 * MIN, ping } })).toThrow(
      'keepAlive.intervalMs must be a positive number of ms, below 790909 ms',
    );
    expect(() => make({ policy: lifetime(60 * MIN), keepAlive: { intervalMs: 0, ping } })).toThrow(
      /^test: keepAlive\.intervalMs must be a positive number of ms$/,
    );
    // exactly at the limit is too late: (1,000 − 989) / 1.1 = 10 ms
    const tight = { policy: idle(1_000), safetyMarginMs: 989 };
    expect(() => make({ ...tight, keepAlive: { intervalMs: 10, ping } })).toThrow('below 10 ms');
    make({ ...tight, keepAlive: { intervalMs: 9, ping } }).close();
    // a fixed or timeless token has no idle limit
    for (const policy of [lifetime(60 * MIN), never, exclusive])
      make({ policy, keepAlive: { intervalMs: 24 * 60 * MIN, ping } }).close();
  });
  it('a ping that ends after its session was dropped is not reported as failed', async () => {
    const clock = new ManualClock();
    let finish: () => void = () => {};
    const manager = credential({ clock, policy: idle(15 * MIN) }).make({
      keepAlive: keepAlive(() => new Promise<void>((resolve) => (finish = resolve))),
    });
    const token = await manager.get();
    const events = eventsOf(manager);
    const advancing = clock.advance(11 * MIN); // the ping starts, and waits
    await settle();
    await manager.invalidate(token); // meanwhile a call was told the session is gone
    finish();
    await advancing;
    expect(events.map((e) => [e.type, e.reason, e.expiresAt])).toEqual([
      ['expired', 'server', undefined],
      ['keep-alive', undefined, null],
    ]);
    manager.close();
  });
});

describe('close()', () => {
  it('stops watching the store once, however often it is called', async () => {
    const { store, inner } = recordingStore();
    let stops = 0;
    store.watch = (key, listener) => {
      const stop = inner.watch(key, listener);
      return () => {
        stops++;
        stop();
      };
    };
    const manager = credential({ store }).make();
    manager.close();
    manager.close();
    expect(stops).toBe(1);
  });
});
