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
import { credential, eventsOf, MIN, settle } from './credential.js';

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
