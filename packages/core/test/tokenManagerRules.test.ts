// What users rely on in TokenManager, told by counts of auth calls, store writes and their lifetimes, and
// what use() returns: each test starts its own manager, store and counters.
import { describe, expect, it } from 'vitest';
import {
  exclusive,
  type IssuedToken,
  idle,
  type LifecycleEvent,
  lifetime,
  never,
  ServiceError,
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
