// A sliding session's uses written back to the store (SlidingWriteBack), told through TokenManager: when a
// use waits for its write, how often a use is written, and what a failed or late write does.
import { describe, expect, it } from 'vitest';
import { idle, MemoryTokenStore, ServiceError } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { credential, eventsOf, gate, MIN, settle } from './credential.js';
import { recordingStore } from './recordingStore.js';

describe('when a use waits for its write', () => {
  it('a use returns only once its write to the store is done', async () => {
    const clock = new ManualClock();
    const { store, calls } = recordingStore({ clock });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make();
    await manager.get();
    const write = gate();
    const extend = store.extend!;
    store.extend = async (...args) => {
      await write.opened;
      return extend(...args);
    };
    await clock.advance(2 * MIN);
    let result: string | undefined;
    const using = manager.use(async () => 'done').then((value) => (result = value));
    await settle();
    expect(result).toBeUndefined();
    write.open();
    await using;
    expect(result).toBe('done');
    expect(calls.extend).toHaveLength(1);
  });

  it('a later use waits for the write under way, even when an earlier write ends first', async () => {
    const clock = new ManualClock();
    const { store } = recordingStore({ clock });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make({ slideWriteMs: MIN });
    await manager.get();
    const writes = [gate(), gate()];
    let n = 0;
    store.extend = async () => writes[n++]?.opened;
    const done: string[] = [];
    const use = (name: string) => manager.use(async () => name).then((value) => done.push(value));
    await clock.advance(MIN);
    const first = use('first');
    await settle();
    await clock.advance(MIN);
    const second = use('second');
    await settle();
    writes[0]!.open();
    await first;
    const third = use('third'); // within the minute: no write of its own, but the second is not done
    await settle();
    expect(done).toEqual(['first']);
    writes[1]!.open();
    await Promise.all([second, third]);
    expect(done).toEqual(['first', 'second', 'third']);
    expect(n).toBe(2);
  });

  it('a failed write is reported, and the use still returns what the call returned', async () => {
    const clock = new ManualClock();
    const { store } = recordingStore({ clock });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make();
    await manager.get();
    store.extend = async () => {
      throw new ServiceError('store busy', { provider: 'test', code: 'BUSY' });
    };
    const events = eventsOf(manager);
    await clock.advance(2 * MIN);
    await expect(manager.use(async () => 'result')).resolves.toBe('result');
    expect(events.map((e) => [e.type, e.reason])).toEqual([
      ['used', undefined],
      ['failed', 'store extend: ServiceError BUSY'],
    ]);
    expect(events[0]?.expiresAt).toBe(clock.now() + 15 * MIN);
  });

  it('a use that ends after the token was replaced neither extends nor writes back the new one', async () => {
    const clock = new ManualClock();
    const { store, calls } = recordingStore({ clock });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make();
    await manager.get();
    const call = gate();
    await clock.advance(2 * MIN);
    const using = manager.use(async (token) => {
      await call.opened;
      return token;
    });
    await settle();
    expect(await manager.refresh()).toBe('tok-2');
    const expiresAt = manager.peek()?.expiresAt;
    const events = eventsOf(manager);
    await clock.advance(2 * MIN);
    call.open();
    expect(await using).toBe('tok-1');
    expect(manager.peek()?.expiresAt).toBe(expiresAt);
    expect(events).toEqual([]);
    expect(calls.extend).toEqual([]);
  });
});

describe('how often a use is written', () => {
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

describe('across managers', () => {
  it('sliding sessions: a use in one manager keeps the session live for another sharing the store', async () => {
    const clock = new ManualClock();
    const store = new MemoryTokenStore({ clock });
    const { state, make } = credential({ clock, policy: idle(15 * MIN), store });
    const [busy, rare] = [make(), make()];
    const token = await busy.get();
    expect(await rare.get()).toBe(token);
    for (let minute = 0; minute < 60; minute += 10) {
      await clock.advance(10 * MIN);
      await busy.use(async () => undefined);
    }
    expect(await rare.get()).toBe(token); // its own copy ran out at 15 minutes; the store's did not
    expect(state.issued).toBe(1);
  });
});
