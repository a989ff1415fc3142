import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CmsAuthClient, CmsAuthManager } from '@x/cms-auth';
import { CHANNELS, fingerprint, type LifecycleEvent, MemoryTokenStore } from '@x/core';
import { ManualClock } from '@x/core/testing';
import { type Emulator, startEmulator } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The emulator and the manager share one manual clock: the emulator forgets a token after an unused hour,
// as Recite does, and the manager says so at that minute.
const MIN = 60_000;
const alice = { username: 'alice', password: 'wonderland' };
const cookieOf = (token: string) => new Headers({ cookie: `authToken=${token}` });

let clock: ManualClock;
let emulator: Emulator;
let auth: CmsAuthManager;
let events: LifecycleEvent[];
beforeEach(async () => {
  clock = new ManualClock();
  emulator = await startEmulator({ clock });
  auth = new CmsAuthManager(new CmsAuthClient({ site: emulator.urls.cmsSite }), { clock });
  events = [];
  auth.on((event) => events.push(event));
});
afterEach(async () => {
  auth.close();
  await emulator.close();
});

/** The events so far as `type reason`, with the minute since `start`. */
const story = (start: number) =>
  events.map((e) => `${(e.at - start) / MIN} ${e.type}${e.reason ? ` ${e.reason}` : ''}`);

describe('CmsAuthManager.on: the lifecycle of a session token', () => {
  it('issued at log-in, used at each lookup the service answered, expired by time an idle hour after the last', async () => {
    const start = clock.now();
    const published: unknown[] = [];
    const onChannel = (event: unknown) => published.push(event);
    subscribe(CHANNELS.token, onChannel);
    try {
      const { token } = await auth.login(alice);
      await clock.advance(10 * MIN); // past the 60 s cache: the next request asks Recite
      expect(await auth.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' });
      await clock.advance(60 * MIN - 1);
      expect(story(start)).toEqual(['0 issued', '10 used']);
      expect(emulator.counters('cms-auth').activeTokens).toBe(1);
      await clock.advance(1);
      // Recite forgot it at the same minute: nobody had to ask
      expect(story(start)).toEqual(['0 issued', '10 used', '70 expired time']);
      expect(emulator.counters('cms-auth').activeTokens).toBe(0);
      expect(events.map((e) => e.token)).toEqual(Array(3).fill(fingerprint(token)));
      expect(events[0]).toMatchObject({ provider: 'cms-auth', expiresAt: start + 60 * MIN });
      expect(events[1]).toMatchObject({ expiresAt: start + 70 * MIN });
      // what listeners hear is what the x-auth:token channel carries, and neither holds the token
      expect(published.filter((e) => (e as LifecycleEvent).provider === 'cms-auth')).toEqual(events);
      expect(JSON.stringify(events)).not.toContain(token);
      // the next request finds it dead: no second `expired`
      expect(await auth.currentUser(cookieOf(token))).toBeNull();
      expect(events).toHaveLength(3);
    } finally {
      unsubscribe(CHANNELS.token, onChannel);
    }
  });

  it('a lookup answered from the cache is no use at Recite: the hour runs from the last one it answered', async () => {
    const start = clock.now();
    const { token } = await auth.login(alice);
    await clock.advance(30_000);
    expect(await auth.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' }); // cached
    await clock.advance(60 * MIN);
    expect(story(start)).toEqual(['0 issued', '60 expired time']);
  });

  it('a cache longer than the idle hour does not serve the token after its time: the service is asked', async () => {
    const longCache = new CmsAuthManager(new CmsAuthClient({ site: emulator.urls.cmsSite }), {
      clock,
      cacheMs: 3 * 60 * MIN,
    });
    const { token } = await longCache.login(alice);
    expect(await longCache.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' });
    await clock.advance(60 * MIN);
    const before = emulator.counters('cms-auth').requests;
    expect(await longCache.currentUser(cookieOf(token))).toBeNull();
    expect(emulator.counters('cms-auth').requests).toBe(before + 1);
    longCache.close();
  });

  it('expired logout when logged out here, and nothing more when its hour would have run out', async () => {
    const start = clock.now();
    const { token } = await auth.login(alice);
    await clock.advance(5 * MIN);
    await auth.logout(cookieOf(token));
    await clock.advance(2 * 60 * MIN);
    expect(story(start)).toEqual(['0 issued', '5 expired logout']);
  });

  it('a second log-in in the same browser logs the old token out: its session ends', async () => {
    const first = await auth.login(alice);
    const second = await auth.login(alice, { request: cookieOf(first.token) });
    expect(events.map((e) => [e.type, e.reason, e.token])).toEqual([
      ['issued', undefined, fingerprint(first.token)],
      ['issued', undefined, fingerprint(second.token)],
      ['expired', 'logout', fingerprint(first.token)],
    ]);
  });

  it('expired store in another manager on the store when one logs the token out', async () => {
    const store = new MemoryTokenStore();
    const site = { site: emulator.urls.cmsSite };
    const a = new CmsAuthManager(new CmsAuthClient(site), { clock, store });
    const b = new CmsAuthManager(new CmsAuthClient(site), { clock, store });
    const heard: string[] = [];
    a.on((e) => heard.push(`a ${e.type}${e.reason ? ` ${e.reason}` : ''}`));
    b.on((e) => heard.push(`b ${e.type}${e.reason ? ` ${e.reason}` : ''}`));
    const { token } = await a.login(alice);
    expect(await b.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' });
    await a.logout(cookieOf(token));
    await new Promise((resolve) => setImmediate(resolve)); // the store tells its watchers in a microtask
    expect(heard).toEqual(['a issued', 'b used', 'a expired logout', 'b expired store']);
    a.close();
    b.close();
  });

  it('expired server when the service refuses a token it issued; a made-up cookie has no lifecycle', async () => {
    const start = clock.now();
    const { token } = await auth.login(alice);
    emulator.expireTokens('cms-auth'); // the site dropped every session
    await clock.advance(2 * MIN);
    expect(await auth.currentUser(cookieOf(token))).toBeNull();
    expect(await auth.currentUser(cookieOf('a-token-nobody-issued'))).toBeNull();
    await clock.advance(2 * 60 * MIN);
    expect(story(start)).toEqual(['0 issued', '2 expired server']);
  });

  it('a listener that throws breaks no request, and the other listeners still hear every event', async () => {
    auth.on(() => {
      throw new Error('a bug in the app');
    });
    const { token } = await auth.login(alice);
    await clock.advance(2 * MIN);
    expect(await auth.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' });
    await expect(auth.logout(cookieOf(token))).resolves.toMatchObject({ setCookie: /^authToken=;/ });
    expect(events.map((e) => e.type)).toEqual(['issued', 'used', 'expired']);
  });

  it('follows at most maxEntries sessions: the least recently used is forgotten, silently', async () => {
    const small = new CmsAuthManager(new CmsAuthClient({ site: emulator.urls.cmsSite }), {
      clock,
      maxEntries: 2,
    });
    const heard: LifecycleEvent[] = [];
    const stop = small.on((event) => heard.push(event));
    const tokens = [];
    for (let i = 0; i < 3; i++) {
      tokens.push((await small.login(alice)).token);
      await clock.advance(MIN);
    }
    await clock.advance(2 * 60 * MIN);
    const expired = heard.filter((e) => e.type === 'expired').map((e) => e.token);
    expect(expired).toEqual(tokens.slice(1).map(fingerprint));
    // unsubscribed: nothing more is heard
    stop();
    await small.login(alice);
    expect(heard).toHaveLength(5);
    small.close();
  });

  it('close() ends the schedule: no event after it', async () => {
    await auth.login(alice);
    auth.close();
    await clock.advance(2 * 60 * MIN);
    expect(events.map((e) => e.type)).toEqual(['issued']);
  });
});
