// The held token (TokenHold), told through TokenManager: `expired` comes when the token's time comes, with
// nobody calling, on the process's one expiry timer per clock; a use moves a sliding token's time; closing
// or dropping a manager leaves no timer and keeps nothing alive.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { idle, lifetime, never, registerSecret, scrub } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { credential, eventsOf, MIN, managerWith, settle } from './credential.js';

const expiries = (events: { type: string; at: number; reason?: string }[], start: number) =>
  events.filter((e) => e.type === 'expired').map((e) => [(e.at - start) / MIN, e.reason]);

describe('expired, when the time comes', () => {
  it('a 1-hour token nobody asks for is reported expired at 59 min (its safety margin), and dropped', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const manager = credential({ clock, policy: lifetime(60 * MIN) }).make();
    const events = eventsOf(manager);
    await manager.get();
    await clock.advance(59 * MIN - 1);
    expect(expiries(events, start)).toEqual([]);
    expect(manager.peek()).toBeDefined();
    await clock.advance(1);
    expect(expiries(events, start)).toEqual([[59, 'time']]);
    expect(manager.peek()).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a sliding token expires 14.5 min after its last use, not after the first', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const manager = credential({ clock, policy: idle(15 * MIN) }).make();
    const events = eventsOf(manager);
    await manager.use(async () => 'first');
    await clock.advance(10 * MIN);
    await manager.use(async () => 'second');
    await clock.advance(14 * MIN);
    expect(expiries(events, start)).toEqual([]);
    await clock.advance(1 * MIN);
    expect(expiries(events, start)).toEqual([[24.5, 'time']]);
  });

  it('an expiry the server gave is the one timed; a token that never expires sets no timer', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const { state, make } = credential({ clock, policy: lifetime(60 * MIN), safetyMarginMs: 0 });
    state.answer = (n) => ({ token: `tok-${n}`, expiresAt: clock.now() + 5 * MIN });
    const manager = make();
    const events = eventsOf(manager);
    await manager.get();
    await clock.advance(10 * MIN);
    expect(expiries(events, start)).toEqual([[5, 'time']]);

    const timeless = credential({ clock, policy: never }).make();
    const timelessEvents = eventsOf(timeless);
    await timeless.get();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10 * 365 * 24 * 60 * MIN);
    expect(timelessEvents.map((e) => e.type)).toEqual(['issued']);
  });

  it('a token replaced ahead of its time is not reported expired; its successor is, at its own time', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const manager = credential({ clock, policy: lifetime(60 * MIN) }).make();
    const events = eventsOf(manager);
    await manager.get();
    await clock.advance(55 * MIN); // inside the refresh window (from 54 min)
    await manager.get();
    await settle();
    await clock.advance(60 * MIN);
    expect(events.map((e) => e.type)).toEqual(['issued', 'refreshed', 'expired']);
    expect(expiries(events, start)).toEqual([[55 + 59, 'time']]);
  });

  it('a closed manager reports no expiry and leaves no timer', async () => {
    const clock = new ManualClock();
    const manager = credential({ clock }).make();
    const events = eventsOf(manager);
    await manager.get();
    expect(clock.pendingTimers).toBe(1);
    manager.close();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(120 * MIN);
    expect(events.map((e) => e.type)).toEqual(['issued']);
  });

  it('a manager dropped without close() while its token waits for its time is collected, with its token', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const clock = new ManualClock();
    const collected = new FinalizationRegistry<() => void>((noted) => noted());
    const heard: string[] = [];
    let gone = false;
    await (async () => {
      const manager = credential({ clock }).make();
      manager.on((event) => heard.push(event.type));
      await manager.get();
      collected.register(manager, () => (gone = true));
    })();
    for (let i = 0; i < 20 && !gone; i++) {
      gc();
      await settle();
    }
    expect(gone).toBe(true);
    gc();
    // a scheduler that kept the held token alive would still time it out, and tell the listener
    await clock.advance(120 * MIN);
    expect(heard).toEqual(['issued']);
  });
});

describe('a dropped token', () => {
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
});
