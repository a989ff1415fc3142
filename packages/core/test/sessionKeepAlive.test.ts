// A manager's session on the keep-alive schedule (sessionKeepAlive), told through TokenManager: pings per
// session, what a failed or refused ping does, and the interval a session may have.
import { describe, expect, it, vi } from 'vitest';
import {
  exclusive,
  idle,
  type LifecycleEvent,
  lifetime,
  never,
  ServiceError,
  TokenExpiredError,
} from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { KeepAliveScheduler } from '../src/token/keepAliveScheduler.js';
import { credential, eventsOf, MIN, managerWith, settle } from './credential.js';

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

describe('at scale', () => {
  it('no timer before a session exists; none after close()', async () => {
    const clock = new ManualClock();
    const { manager } = managerWith({ clock, keepAlive: { intervalMs: 10 * MIN, ping: async () => {} } });
    expect(clock.pendingTimers).toBe(0);
    await manager.get();
    expect(clock.pendingTimers).toBe(2); // the process's one for pings, and its one for expiry
    manager.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('an interval that would let an idle session lapse (jitter and safety margin included) is refused', () => {
    const clock = new ManualClock();
    const ping = async () => {};
    // 15 min idle, 30 s margin: the latest ping (interval + 10%) must come before 14.5 min
    for (const intervalMs of [14 * MIN, 13.2 * MIN, 0, -1, Number.NaN]) {
      expect(() => managerWith({ clock, keepAlive: { intervalMs, ping } })).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'keepAlive.intervalMs' }),
      );
    }
    managerWith({ clock, keepAlive: { intervalMs: 13 * MIN, ping } }).manager.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a session in use is never pinged; an idle one is, about every interval', async () => {
    const clock = new ManualClock();
    let pings = 0;
    const ping = async () => void pings++;
    const busy = managerWith({ clock, keepAlive: { intervalMs: 10 * MIN, ping } }).manager;
    const quiet = managerWith({ clock, keepAlive: { intervalMs: 10 * MIN, ping: async () => {} } });
    await busy.get();
    await quiet.manager.get();
    for (let minute = 0; minute < 60; minute += 5) {
      await clock.advance(5 * MIN);
      await busy.use(async () => undefined);
    }
    expect(pings).toBe(0);
    busy.close();
    quiet.manager.close();
  });

  it('one timer for a thousand sessions; pings in flight never pass the cap', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { maxInFlight: 8, jitter: 0 });
    let inFlight = 0;
    let most = 0;
    let pings = 0;
    let last = 0;
    for (let i = 0; i < 1_000; i++) {
      scheduler.add({
        intervalMs: 10 * MIN,
        lastUsedAt: () => last,
        ping: async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          pings++;
        },
      });
    }
    expect(clock.pendingTimers).toBe(1);
    last = clock.now();
    await clock.advance(10 * MIN);
    expect(pings).toBe(1_000);
    expect(most).toBe(8);
  });

  it('pings are jittered: sessions used at the same moment are not all pinged at the same moment', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock);
    const at = new Set<number>();
    for (let i = 0; i < 50; i++) {
      let last = clock.now();
      scheduler.add({
        intervalMs: 10 * MIN,
        lastUsedAt: () => last,
        ping: async () => {
          at.add(clock.now());
          last = clock.now();
        },
      });
    }
    await clock.advance(11 * MIN);
    expect(at.size).toBeGreaterThan(40);
    // never before the interval is over: a session gets at most one ping per interval
    for (const time of at) expect(time - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(10 * MIN);
  });
});
