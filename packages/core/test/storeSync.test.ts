// StoreSync, told through TokenManager: news from a store that can watch (and the same behaviour from one
// that cannot), rejected tokens across managers, waiting on another holder's lock, a refresh's own write,
// and a store that fails. Stores with and without `watch` / `extend` are tested apart, so that one path
// cannot quietly repair the other's bug.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  exclusive,
  idle,
  lifetime,
  MemoryTokenStore,
  never,
  ServiceError,
  TokenExpiredError,
  TokenManager,
  TransportError,
} from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { credential, eventsOf, gate, MIN, settle } from './credential.js';
import { recordingStore } from './recordingStore.js';

describe('news from a store that watches', () => {
  it('a caller right after another holder stored a new token gets it, not the one it replaces', async () => {
    const { store, inner } = recordingStore();
    const manager = credential({ store, policy: exclusive }).make();
    await manager.get();
    // the manager's read of the store after the news is slow (a remote store)
    const read = gate();
    const get = store.get;
    store.get = async (key) => {
      await read.opened;
      return get(key);
    };
    await inner.set(manager.key, { value: 'theirs', issuedAt: 0, expiresAt: null });
    await settle();
    const token = manager.get();
    read.open();
    expect(await token).toBe('theirs');
    manager.close();
  });

  it('follows the latest news: a slow answer to an earlier read does not win over a newer one', async () => {
    const { store, inner } = recordingStore();
    const manager = credential({ store, policy: never }).make();
    await manager.get();
    // each read answers with the record as it was when the read reached the store, but late
    const replies: (() => void)[] = [];
    const get = store.get;
    store.get = async (key) => {
      const stored = await get(key);
      await new Promise<void>((resolve) => replies.push(resolve));
      return stored;
    };
    const put = async (value: string) => {
      await inner.set(manager.key, { value, issuedAt: 0, expiresAt: null });
      await settle();
    };
    await put('theirs-1');
    await put('theirs-2');
    const token = manager.get();
    for (const reply of replies) {
      reply();
      await settle();
    }
    expect(await token).toBe('theirs-2');
    manager.close();
  });

  it('a slow read after news does not drop the token of a refresh of its own that ended meanwhile', async () => {
    const { store, inner } = recordingStore();
    const { state, make } = credential({ store, policy: exclusive });
    const manager = make();
    const first = await manager.get();
    // the next read answers with the record as it was when it reached the store, but late
    let reply: () => void = () => {};
    const get = store.get;
    let slow = true;
    store.get = async (key) => {
      const stored = await get(key);
      if (slow) {
        slow = false;
        await new Promise<void>((resolve) => (reply = resolve));
      }
      return stored;
    };
    await inner.delete(manager.key, first); // another holder found it rejected
    await settle();
    expect(await manager.refresh()).toBe('tok-2');
    const held = manager.peek();
    reply(); // "no record": true when read, no longer now
    await settle();
    expect(manager.peek()).toEqual(held); // still held, not dropped
    expect(await manager.get()).toBe('tok-2');
    expect(state.issued).toBe(2);
    manager.close();
  });

  it('news of the record this manager already holds changes nothing here, where the session slid further', async () => {
    const clock = new ManualClock();
    const { store, inner } = recordingStore({ clock, extend: false });
    const manager = credential({ clock, store, policy: idle(15 * MIN) }).make();
    const issuedAt = clock.now();
    await manager.get();
    await clock.advance(10 * MIN);
    await manager.use(async () => undefined); // here it lives until 25 min; the stored copy until 15 min
    await inner.set(manager.key, { value: 'tok-1', issuedAt, expiresAt: issuedAt + 15 * MIN });
    await settle();
    expect(manager.peek()?.expiresAt).toBe(issuedAt + 25 * MIN);
    manager.close();
  });

  it('a token another holder deleted is dropped at once, reported as expired by the store', async () => {
    const { store, inner } = recordingStore();
    const { state, make } = credential({ store, policy: never });
    const manager = make();
    const token = await manager.get();
    const events = eventsOf(manager);
    await inner.delete(manager.key, token);
    await settle();
    expect(manager.peek()).toBeUndefined();
    expect(events.map((e) => [e.type, e.reason])).toEqual([['expired', 'store']]);
    expect(await manager.get()).toBe('tok-2');
    expect(state.issued).toBe(2);
    manager.close();
  });

  it('a stored token is adopted only while usable, and never one this manager saw rejected', async () => {
    const clock = new ManualClock();
    const { store, inner } = recordingStore({ clock });
    const { make } = credential({ clock, store, policy: lifetime(60 * MIN) });
    const manager = make({ refreshWindowMs: 0 }); // usable until 59 min
    await manager.get();
    const put = async (value: string, expiresIn: number) => {
      await inner.set(manager.key, { value, issuedAt: clock.now(), expiresAt: clock.now() + expiresIn });
      await settle();
      return manager.peek()?.expiresAt;
    };
    expect(await put('almost gone', MIN)).toBe(clock.now() + 60 * MIN); // not adopted: unusable
    expect(await put('just usable', MIN + 1)).toBe(clock.now() + MIN + 1);
    await manager.invalidate('just usable');
    await put('tok-1', 30 * MIN); // tok-1 came back, but it is not the one rejected: adopted
    expect(manager.peek()?.expiresAt).toBe(clock.now() + 30 * MIN);
    await manager.invalidate('tok-1');
    await put('tok-1', 30 * MIN);
    expect(manager.peek()).toBeUndefined();
    manager.close();
  });

  it('a closed manager no longer follows the store, even when news is already on its way', async () => {
    const { store, inner } = recordingStore();
    // a notification already sent when the manager stops listening still arrives (as over pub/sub)
    store.watch = (key, listener) => {
      inner.watch(key, listener);
      return () => {};
    };
    const manager = credential({ store, policy: never }).make();
    await manager.get();
    manager.close();
    await inner.set(manager.key, { value: 'theirs', issuedAt: 0, expiresAt: null });
    await settle();
    expect(await manager.get()).toBe('tok-1');
    await inner.delete(manager.key);
    await settle();
    expect(await manager.get()).toBe('tok-1');
  });

  for (const watch of [true, false]) {
    it(`a token rejected in one manager is dropped by the other on its next call (store ${watch ? 'with' : 'without'} watch)`, async () => {
      const { store } = recordingStore({ watch });
      const { state, make } = credential({ store, policy: never });
      const [a, b] = [make(), make()];
      const first = await a.get();
      expect(await b.get()).toBe(first);
      await a.invalidate(first);
      await settle();
      if (watch) expect(b.peek()).toBeUndefined();
      // without watch, b learns it from the server: its call fails once, and it takes a's new token
      const seen: string[] = [];
      const result = await b.use(async (token) => {
        seen.push(token);
        if (token === first) throw new TokenExpiredError('gone', { provider: 'test' });
        return token;
      });
      expect(result).toBe(await a.get());
      expect(seen).toEqual(watch ? [result] : [first, result]);
      expect(state.issued).toBe(2);
      a.close();
      b.close();
    });
  }
});

describe('invalidate()', () => {
  it('a report from a manager that does not hold the token still deletes it from the shared store', async () => {
    const { store } = recordingStore({ watch: false });
    const { state, make } = credential({ store, policy: never });
    const first = await make().get();
    await make().invalidate(first);
    expect(await make().get()).toBe('tok-2');
    expect(state.issued).toBe(2);
  });

  it('a server that issues the same value again: each rejection of it drops it again', async () => {
    const { store } = recordingStore({ watch: false });
    const { state, make } = credential({ store, policy: never });
    state.answer = () => 'same';
    const manager = make();
    for (let round = 1; round <= 3; round++) {
      expect(await manager.get()).toBe('same');
      expect(state.issued).toBe(round);
      await manager.invalidate('same');
      expect(manager.peek()).toBeUndefined();
    }
  });

  it('only the first report of a rejected token deletes it from the store, and only while it still holds it', async () => {
    const { store, calls } = recordingStore({ watch: false });
    const { make } = credential({ store, policy: never });
    const manager = make();
    const first = await manager.get();
    await manager.invalidate(first);
    await manager.invalidate(first);
    await manager.invalidate(first);
    expect(calls.delete).toEqual([{ onlyIfValue: first }]);
    expect(await manager.get()).toBe('tok-2');
  });
});

describe('waiting for another holder of the lock', () => {
  afterEach(() => vi.useRealTimers());

  const timings = [
    [{}, 60_000, 25], // the defaults
    [{ lockWaitMs: 300, lockPollMs: 30 }, 300, 30],
  ] as const;
  for (const [options, waitMs, pollMs] of timings) {
    for (const watch of [false, true]) {
      // a store that wakes waiters when the record changes is looked at only every 10 polls
      const everyMs = watch ? 10 * pollMs : pollMs;
      it(`looks every ${everyMs} ms (store ${watch ? 'with' : 'without'} watch), gives up after ${waitMs} ms`, async () => {
        vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
        const { store, calls } = recordingStore({ watch, lockHeld: true });
        const manager = credential({ store }).make(options);
        const outcome = manager.get().catch((error: unknown) => error);
        await vi.advanceTimersByTimeAsync(waitMs - 1);
        expect(calls.lock).toBe(waitMs / everyMs); // at 0 ms and after every look but the last
        await vi.advanceTimersByTimeAsync(1);
        const error = await Promise.race([outcome, Promise.resolve('still waiting')]);
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({
          retryable: true,
          message: expect.stringContaining(`gave up waiting ${waitMs} ms`),
        });
        expect(calls.lock).toBe(waitMs / everyMs + 1);
        manager.close();
      });
    }
  }

  it('takes the token the holder stored, at its next look', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const { store, inner, calls } = recordingStore({
      clock: new ManualClock(),
      watch: false,
      lockHeld: true,
    });
    const { state, make } = credential({ store, policy: never });
    const manager = make({ lockPollMs: 100 });
    const got = manager.get();
    await vi.advanceTimersByTimeAsync(150);
    await inner.set(manager.key, { value: 'theirs', issuedAt: 0, expiresAt: null });
    await vi.advanceTimersByTimeAsync(50);
    expect(await got).toBe('theirs');
    expect(calls.lock).toBe(2);
    expect(state.issued).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // no poll left behind
  });

  it('a waiter woken by the store leaves no poll timer behind', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const { store, inner } = recordingStore({ clock: new ManualClock(), lockHeld: true });
    const manager = credential({ store, policy: never }).make();
    const got = manager.get();
    await vi.advanceTimersByTimeAsync(10);
    await inner.set(manager.key, { value: 'theirs', issuedAt: 0, expiresAt: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(await got).toBe('theirs');
    expect(vi.getTimerCount()).toBe(0);
    manager.close();
  });

  it('its poll holds the process open only while a caller awaits the refresh', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const clock = new ManualClock();
    const { store, inner } = recordingStore({ clock });
    let locks = 0;
    const lock = store.lock;
    store.lock = (key, ttlMs) => (locks++ === 0 ? lock(key, ttlMs) : Promise.resolve(undefined)); // then held elsewhere
    const manager = credential({ clock, store }).make({ lockPollMs: 1_000 }); // looks every 10 s
    await manager.get();
    await clock.advance(56 * MIN); // inside the refresh window
    const before = timers();
    await manager.get(); // the background refresh waits on the lock
    await settle();
    expect(locks).toBe(2);
    expect(timers()).toBe(before);
    const refreshed = manager.refresh(); // now a caller awaits that refresh
    expect(timers()).toBe(before + 1);
    await inner.set(manager.key, { value: 'theirs', issuedAt: clock.now(), expiresAt: null });
    expect(await refreshed).toBe('theirs');
    expect(timers()).toBe(before);
    await inner.delete(manager.key);
    await settle();
    const awaited = manager.get(); // a caller waits from the start: its poll holds the process
    await settle();
    expect(timers()).toBe(before + 1);
    await inner.set(manager.key, { value: 'theirs again', issuedAt: clock.now(), expiresAt: null });
    expect(await awaited).toBe('theirs again');
    manager.close();
  });

  it('takes a token stored while it took the lock, instead of issuing its own', async () => {
    const { store, inner } = recordingStore({ watch: false });
    const { state, make } = credential({ store, policy: exclusive });
    const manager = make();
    const lock = store.lock;
    store.lock = async (key, ttlMs) => {
      await inner.set(key, { value: 'theirs', issuedAt: 0, expiresAt: null }); // the other holder just finished
      return lock(key, ttlMs);
    };
    expect(await manager.get()).toBe('theirs');
    expect(state.issued).toBe(0);
  });
});

describe('a refresh’s own write', () => {
  it('is not news to the manager that made it: two reads of the store per refresh, with or without watch', async () => {
    for (const watch of [true, false]) {
      const { store, calls } = recordingStore({ watch });
      const manager = credential({ store }).make();
      await manager.get();
      await settle();
      await manager.refresh();
      await settle();
      expect(calls.get).toBe(4); // before and under the lock, twice
      manager.close();
    }
  });
});

describe('a failing store', () => {
  it('a store error reaches the caller as a retryable TransportError with the cause; a provider error as it is', async () => {
    const { store } = recordingStore();
    const failure = new Error('connection refused');
    store.get = async () => {
      throw failure;
    };
    const manager = credential({ store }).make();
    const error = await manager.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      name: 'TransportError',
      message: 'test: token store failed',
      retryable: true,
    });
    expect((error as Error).cause).toMatchObject({ name: 'Error', message: failure.message });
    const typed = new ServiceError('store says no', { provider: 'redis' });
    store.get = async () => {
      throw typed;
    };
    await expect(manager.get()).rejects.toBe(typed);
    manager.close();
  });

  it('a lock that cannot be released does not fail the refresh', async () => {
    const { store } = recordingStore();
    store.lock = async () => ({
      release: async () => {
        throw new Error('lost the connection');
      },
    });
    const manager = credential({ store }).make();
    expect(await manager.get()).toBe('tok-1');
    manager.close();
  });
});

describe('failed auth', () => {
  it('is reported with the error’s name and code, reaches the caller, and is not kept', async () => {
    const { state, make } = credential();
    const manager = make();
    const events = eventsOf(manager);
    state.failing = true;
    await expect(manager.get()).rejects.toBeInstanceOf(ServiceError);
    state.failing = false;
    expect(await manager.get()).toBe('tok-2');
    expect(events.map((e) => [e.type, e.reason, e.token === undefined])).toEqual([
      ['failed', 'ServiceError', true],
      ['issued', undefined, false],
    ]);
    manager.close();
  });
});

describe('news from the store, among several managers', () => {
  it('Expire On New: when one manager refreshes, the others switch to the new token before their next call', async () => {
    const store = new MemoryTokenStore();
    const { state, make } = credential({ policy: exclusive, store });
    const managers = [make(), make(), make()];
    expect(new Set(await Promise.all(managers.map((m) => m.get())))).toEqual(new Set(['tok-1']));
    expect(await managers[0]!.refresh()).toBe('tok-2');
    await settle(); // the notification, and the others' read
    for (const m of managers) expect(await m.get()).toBe('tok-2');
    expect(state.issued).toBe(2);
    // a deleted token is dropped by everyone holding it
    await store.delete(managers[0]!.key, 'tok-2');
    await settle();
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
