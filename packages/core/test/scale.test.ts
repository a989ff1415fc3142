import { describe, expect, it } from 'vitest';
import { exclusive, idle, MemoryTokenStore, registerSecret, scrub, TokenManager } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { KeepAliveScheduler } from '../src/token/keepAliveScheduler.js';

const MIN = 60_000;

/** A manager on a manual clock whose `issue` counts, and whose token is `tok-<n>`. */
function managerWith(
  options: Partial<ConstructorParameters<typeof TokenManager>[0]> & { clock: ManualClock },
) {
  const counts = { issued: 0, pings: 0 };
  const manager = new TokenManager({
    provider: 'test',
    key: `scale:${Math.random()}`,
    policy: idle(15 * MIN),
    issue: async () => `tok-${Math.random().toString(36).slice(2)}-${++counts.issued}`,
    ...options,
  });
  return { manager, counts };
}

describe('keep-alive at scale', () => {
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

describe('secrets and the default store at scale', () => {
  it('a dropped token is forgotten by the scrubber', async () => {
    const { manager } = managerWith({ clock: new ManualClock() });
    const token = await manager.get();
    expect(scrub(`x ${token} y`)).toBe('x [REDACTED] y');
    await manager.invalidate(token);
    expect(scrub(`x ${token} y`)).toBe(`x ${token} y`);
    // a secret still alive stays scrubbed, whatever else is registered or forgotten
    registerSecret('still-alive-secret');
    expect(scrub('still-alive-secret')).toBe('[REDACTED]');
  });

  it('MemoryTokenStore forgets records whose time is up by itself, and holds at most maxEntries', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock, maxEntries: 3, sweepIntervalMs: MIN });
    for (let i = 0; i < 5; i++)
      await store.set(`k${i}`, { value: `v${i}`, issuedAt: 0, expiresAt: null }, 30_000);
    expect(store.size).toBe(3);
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k4')).toMatchObject({ value: 'v4' });
    await clock.advance(MIN);
    expect(store.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a token whose time is up in the default store is no longer scrubbed (read or swept)', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock, sweepIntervalMs: MIN });
    for (const value of ['swept-token-1', 'read-token-2']) {
      registerSecret(value);
      await store.set(value, { value, issuedAt: 0, expiresAt: null }, 30_000);
    }
    expect(scrub('swept-token-1 read-token-2')).toBe('[REDACTED] [REDACTED]');
    await clock.advance(30_000);
    expect(await store.get('read-token-2')).toBeUndefined();
    expect(scrub('read-token-2')).toBe('read-token-2');
    expect(scrub('swept-token-1')).toBe('[REDACTED]');
    await clock.advance(MIN);
    expect(scrub('swept-token-1')).toBe('swept-token-1');
  });

  it('extend() moves the expiry only while the record holds that value', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock });
    await store.set('k', { value: 'a', issuedAt: 0, expiresAt: 100 }, 1_000);
    await store.extend('k', 'b', 5_000, 5_000);
    expect(await store.get('k')).toMatchObject({ value: 'a', expiresAt: 100 });
    await store.extend('k', 'a', 5_000, 5_000);
    await clock.advance(2_000);
    expect(await store.get('k')).toMatchObject({ value: 'a', expiresAt: 5_000 });
  });

  it('sliding sessions: a use in one manager keeps the session live for another sharing the store', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock });
    const key = `slide:${Math.random()}`;
    let issued = 0;
    const make = () =>
      new TokenManager({
        provider: 'test',
        key,
        policy: idle(15 * MIN),
        clock,
        store,
        issue: async () => `t-${++issued}`,
      });
    const [busy, rare] = [make(), make()];
    const token = await busy.get();
    expect(await rare.get()).toBe(token);
    for (let minute = 0; minute < 60; minute += 10) {
      await clock.advance(10 * MIN);
      await busy.use(async () => undefined);
    }
    expect(await rare.get()).toBe(token); // its own copy ran out at 15 minutes; the store's did not
    expect(issued).toBe(1);
  });
});

describe('news from the store', () => {
  it('Expire On New: when one manager refreshes, the others switch to the new token before their next call', async () => {
    const store = new MemoryTokenStore();
    const key = `eon:${Math.random()}`;
    let issued = 0;
    const make = () =>
      new TokenManager({
        provider: 'test',
        key,
        policy: exclusive,
        store,
        issue: async () => `t-${++issued}`,
      });
    const managers = [make(), make(), make()];
    expect(new Set(await Promise.all(managers.map((m) => m.get())))).toEqual(new Set(['t-1']));
    expect(await managers[0]!.refresh()).toBe('t-2');
    await new Promise((resolve) => setImmediate(resolve)); // the notification, and the others' read
    for (const m of managers) expect(await m.get()).toBe('t-2');
    expect(issued).toBe(2);
    // a deleted token is dropped by everyone holding it
    await store.delete(key, 't-2');
    await new Promise((resolve) => setImmediate(resolve));
    expect(managers.map((m) => m.peek())).toEqual([undefined, undefined, undefined]);
    for (const m of managers) m.close();
  });

  it('a lock waiter is woken by the holder storing its token, not by its poll', async () => {
    const store = new MemoryTokenStore();
    const key = `wake:${Math.random()}`;
    let release: (token: string) => void = () => {};
    const slow = new TokenManager({
      provider: 'test',
      key,
      policy: exclusive,
      store,
      lockPollMs: 1_000, // a poll would take 10 s with a watching store
      issue: () => new Promise<string>((resolve) => (release = resolve)),
    });
    const waiter = new TokenManager({
      provider: 'test',
      key,
      policy: exclusive,
      store,
      lockPollMs: 1_000,
      issue: async () => 'never',
    });
    const first = slow.get();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const second = waiter.get();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release('the-token');
    expect(await first).toBe('the-token');
    expect(await second).toBe('the-token');
    expect(Date.now() - started).toBeLessThan(1_000);
    slow.close();
    waiter.close();
  });
});
