// MemoryTokenStore: the conformance suite every store runs (`describeTokenStore` from src/testing/vitest.ts;
// it also covers src/token/tokenStore.ts, the store's types), then what only the memory store promises
// (its bounds, its sweeps, its notifications), told through its public methods on a manual clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore, registerSecret, type StoreChange, type StoredToken, scrub } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { describeTokenStore } from '../src/testing/vitest.js';
import { MIN } from './credential.js';

describeTokenStore('memory', async () => ({ store: new MemoryTokenStore() }));

const token = (value: string): StoredToken => ({ value, issuedAt: 0, expiresAt: null });
/** The values `store` still holds under `keys` (each read also forgets a record whose time is up). */
const held = async (store: MemoryTokenStore, keys: string[]) => {
  const values = await Promise.all(keys.map((key) => store.get(key)));
  return values.map((stored) => stored?.value);
};

describe('MemoryTokenStore bounds', () => {
  it('holds 10,000 records by default, forgetting the least recently stored first', async () => {
    const store = new MemoryTokenStore({ clock: new ManualClock() });
    for (let i = 0; i < 10_000; i++) await store.set(`k${i}`, token(`v${i}`));
    expect(store.size).toBe(10_000);
    await store.set('k0', token('v0 again')); // a write makes k0 the most recent
    await store.set('k10000', token('v10000'));
    expect(store.size).toBe(10_000);
    expect(await held(store, ['k0', 'k1', 'k2', 'k10000'])).toEqual(['v0 again', undefined, 'v2', 'v10000']);
  });

  it('a write forgets at most four of the oldest records whose time is up, and none past a live one', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock });
    for (let i = 0; i < 6; i++) await store.set(`short${i}`, token(`s${i}`), 1_000);
    await store.set('live', token('live'));
    await store.set('short6', token('s6'), 1_000);
    await clock.advance(1_000);
    await store.set('new', token('new'));
    // short0..3 went; short4 and short5 wait for the next write or sweep; short6 sits behind a live record
    expect(store.size).toBe(5);
    await store.set('newer', token('newer'));
    expect(store.size).toBe(4); // short4, short5 gone; short6 still behind `live`
  });
});

describe('MemoryTokenStore sweeps', () => {
  it('sweeps every 10 s by default, on one timer, while it holds any record', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock });
    await store.set('a', token('a'), 1_000);
    await store.set('b', token('b'), 15_000);
    await store.set('c', token('c'));
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(9_999);
    expect(store.size).toBe(3);
    await clock.advance(1);
    expect(store.size).toBe(2); // a
    await clock.advance(5_000);
    expect(store.size).toBe(2); // b is due at 15 s; the next sweep is at 20 s
    await clock.advance(5_000);
    expect(store.size).toBe(1);
    expect(clock.pendingTimers).toBe(1); // c never expires: the sweeps go on
    await store.delete('c');
    await clock.advance(10_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a record lives exactly its ttl', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock, sweepIntervalMs: 500 });
    await store.set('read', token('read'), 1_000);
    await store.set('swept', token('swept'), 1_000);
    await clock.advance(999);
    expect(await held(store, ['read'])).toEqual(['read']);
    expect(store.size).toBe(2);
    await clock.advance(1); // the sweep at 1,000 ms
    expect(store.size).toBe(0);
  });
});

describe('MemoryTokenStore watch', () => {
  it('tells every watcher of a key of each set and delete of a record, after the caller’s turn', async () => {
    const store = new MemoryTokenStore();
    const seen: [string, StoreChange][] = [];
    const stopA = store.watch('k', (change) => seen.push(['a', change]));
    store.watch('k', (change) => seen.push(['b', change]));
    store.watch('other', (change) => seen.push(['other', change]));
    await store.set('k', token('t'));
    await store.delete('k', 'not t');
    await store.delete('k');
    await store.delete('k'); // nothing left to delete: no news
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      ['a', { key: 'k', type: 'set' }],
      ['b', { key: 'k', type: 'set' }],
      ['a', { key: 'k', type: 'delete' }],
      ['b', { key: 'k', type: 'delete' }],
    ]);
    // one watcher leaving leaves the others
    seen.length = 0;
    stopA();
    await store.set('k', token('t'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([['b', { key: 'k', type: 'set' }]]);
  });

  it('a watcher who stops twice does not stop one who came after', async () => {
    const store = new MemoryTokenStore();
    const seen: string[] = [];
    const stopFirst = store.watch('k', () => seen.push('first'));
    stopFirst();
    store.watch('k', () => seen.push('second'));
    stopFirst();
    await store.set('k', token('t'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['second']);
  });
});

describe('MemoryTokenStore lock', () => {
  afterEach(() => vi.useRealTimers());

  it('is held exactly its ttl, on real time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MemoryTokenStore({ clock: new ManualClock() });
    expect(await store.lock('k', 500)).toBeDefined();
    vi.advanceTimersByTime(499);
    expect(await store.lock('k', 500)).toBeUndefined();
    expect(await store.lock('other key', 500)).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(await store.lock('k', 500)).toBeDefined();
  });
});

describe('MemoryTokenStore with nothing to act on', () => {
  it('extending or deleting a missing record, or releasing a lock twice, does nothing and does not throw', async () => {
    const store = new MemoryTokenStore({ clock: new ManualClock() });
    await store.extend('missing', 'v', 1_000, 1_000);
    await store.delete('missing', 'v');
    expect(store.size).toBe(0);
    const lock = await store.lock('k', 5_000);
    await lock!.release();
    await lock!.release();
    expect(await store.lock('k', 5_000)).toBeDefined();
  });
});

describe('MemoryTokenStore records', () => {
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
});
