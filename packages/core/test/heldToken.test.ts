// The held token's times (heldToken.ts), told through TokenManager: when it is handed out, refreshed ahead
// and given up under each policy's default timing, the back-off after a failed background refresh, and what
// the store is told of a token's lifetime.
import { describe, expect, it } from 'vitest';
import { exclusive, idle, lifetime, never, ServiceError } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { credential, eventsOf, MIN, settle } from './credential.js';
import { recordingStore } from './recordingStore.js';

describe('default timing of a fixed lifetime (1 h: refreshed from 54 min, unusable from 59 min)', () => {
  it('hands the token out untouched until 54 min, then refreshes it once in the background', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({ clock, policy: lifetime(60 * MIN) });
    const manager = make();
    await manager.get();
    await clock.advance(54 * MIN - 1);
    expect(await manager.get()).toBe('tok-1');
    await settle();
    expect(state.issued).toBe(1);
    await clock.advance(1);
    expect(await manager.get()).toBe('tok-1'); // still handed out while the new one comes
    await settle();
    expect(state.issued).toBe(2);
    expect(await manager.get()).toBe('tok-2');
  });

  it('a caller waits for a new token from 59 min on, and the old one is reported expired by time', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({ clock, policy: lifetime(60 * MIN) });
    const manager = make({ refreshWindowMs: 0 });
    const issuedAt = clock.now();
    await manager.get();
    expect(manager.peek()).toEqual({
      issuedAt,
      expiresAt: issuedAt + 60 * MIN,
      usableUntil: issuedAt + 59 * MIN,
      token: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    const events = eventsOf(manager);
    await clock.advance(59 * MIN - 1);
    expect(await manager.get()).toBe('tok-1');
    await clock.advance(1);
    expect(await manager.get()).toBe('tok-2');
    expect(state.issued).toBe(2);
    expect(events.map((e) => [e.type, e.reason, e.expiresAt])).toEqual([
      ['expired', 'time', undefined],
      ['refreshed', undefined, issuedAt + 119 * MIN],
    ]);
    expect(events[0]?.token).not.toBe(events[1]?.token);
  });
});

describe('sliding and timeless tokens are never refreshed ahead', () => {
  it('idle (15 min): usable until 14.5 min after the last use, then a new one', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({ clock, policy: idle(15 * MIN) });
    const manager = make();
    await manager.get();
    await clock.advance(14.5 * MIN - 1);
    expect(await manager.get()).toBe('tok-1');
    await settle();
    expect(state.issued).toBe(1);
    await clock.advance(1);
    expect(await manager.get()).toBe('tok-2');
  });

  for (const policy of [never, exclusive]) {
    it(`${policy.kind}: kept for ten years with no background refresh`, async () => {
      const clock = new ManualClock();
      const { state, make } = credential({ clock, policy });
      const manager = make();
      await manager.get();
      expect(manager.peek()).toMatchObject({ expiresAt: null, usableUntil: Number.POSITIVE_INFINITY });
      await clock.advance(10 * 365 * 24 * 60 * MIN);
      expect(await manager.get()).toBe('tok-1');
      await settle();
      expect(state.issued).toBe(1);
    });
  }
});

describe('background refresh', () => {
  it('waits 3 s by default after a failed background refresh before trying again', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({ clock, policy: lifetime(60 * MIN) });
    const manager = make();
    await manager.get();
    await clock.advance(56 * MIN);
    state.failing = true;
    const events = eventsOf(manager);
    await manager.get();
    await settle();
    expect(events.map((e) => [e.type, e.reason])).toEqual([['failed', 'ServiceError']]);
    await clock.advance(2_999);
    await manager.get();
    await settle();
    expect(state.issued).toBe(2);
    await clock.advance(1);
    await manager.get();
    await settle();
    expect(state.issued).toBe(3);
  });

  it('a failed refresh that a caller awaited does not hold back the background refresh', async () => {
    const clock = new ManualClock();
    const { state, make } = credential({ clock, policy: lifetime(60 * MIN) });
    const manager = make();
    await manager.get();
    await clock.advance(56 * MIN);
    state.failing = true;
    const refreshing = manager.refresh();
    expect(await manager.get()).toBe('tok-1'); // joins the refresh under way
    await expect(refreshing).rejects.toBeInstanceOf(ServiceError);
    expect(state.issued).toBe(2);
    state.failing = false;
    expect(await manager.get()).toBe('tok-1');
    await settle();
    expect(state.issued).toBe(3);
    expect(await manager.get()).toBe('tok-3');
  });
});

describe('refresh() and aborted callers', () => {
  it('refresh() as the first call issues a token', async () => {
    const { state, make } = credential();
    expect(await make().refresh()).toBe('tok-1');
    expect(state.issued).toBe(1);
  });

  it('a caller whose signal is already aborted gets a TransportError at once, and no auth is made', async () => {
    const { state, make } = credential();
    const manager = make();
    const error = await manager.get(AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TransportError' });
    await settle();
    expect(state.issued).toBe(0);
  });
});

describe('what the store is told', () => {
  it('a token the server says is already expired is stored for 1 ms and not handed out again', async () => {
    const clock = new ManualClock();
    const { store, calls } = recordingStore({ clock });
    const { state, make } = credential({ clock, store, policy: never });
    state.answer = (n) => ({ token: `tok-${n}`, expiresAt: n === 1 ? clock.now() - MIN : null });
    const manager = make();
    expect(await manager.get()).toBe('tok-1'); // the caller who waited for it gets it
    expect(await manager.get()).toBe('tok-2');
    expect(calls.set).toEqual([
      { value: 'tok-1', ttlMs: 1 },
      { value: 'tok-2', ttlMs: undefined },
    ]);
  });

  it('the refresh lock is taken for 30 s by default, or lockTtlMs', async () => {
    for (const [options, ttlMs] of [
      [{}, 30_000],
      [{ lockTtlMs: 5_000 }, 5_000],
    ] as const) {
      const { store } = recordingStore();
      const locks: number[] = [];
      const lock = store.lock;
      store.lock = (key, ttl) => {
        locks.push(ttl);
        return lock(key, ttl);
      };
      await credential({ store }).make(options).get();
      expect(locks).toEqual([ttlMs]);
    }
  });
});
