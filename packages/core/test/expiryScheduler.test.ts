import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/testing/index.js';
import { ExpiryScheduler, type ExpiryTarget } from '../src/token/expiryScheduler.js';

/** A target whose due time the test moves, noting when it was told to expire. */
function target(clock: ManualClock, dueIn: number | undefined) {
  const expired: number[] = [];
  const state = { due: dueIn === undefined ? undefined : clock.now() + dueIn };
  const t: ExpiryTarget & { expired: number[]; state: typeof state } = {
    expired,
    state,
    dueAt: () => state.due,
    expire: () => expired.push(clock.now()),
  };
  return t;
}

describe('ExpiryScheduler', () => {
  it('tells each target at its time, on one timer for all', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new ExpiryScheduler(clock);
    const targets = [300, 100, 200].map((ms) => target(clock, ms));
    for (const t of targets) scheduler.watch(t);
    expect([scheduler.size, clock.pendingTimers]).toEqual([3, 1]);
    await clock.advance(1_000);
    expect(targets.map((t) => t.expired.map((at) => at - start))).toEqual([[300], [100], [200]]);
    expect([scheduler.size, clock.pendingTimers]).toEqual([0, 0]);
  });

  it('a time that moved later (a sliding token used) is looked at again then, not told early', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new ExpiryScheduler(clock);
    const t = target(clock, 100);
    scheduler.watch(t);
    t.state.due = start + 250;
    await clock.advance(100);
    expect(t.expired).toEqual([]);
    t.state.due = start + 400;
    await clock.advance(1_000);
    expect(t.expired).toEqual([start + 400]);
  });

  it('watched again with an earlier time, it is told at the earlier one, once', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new ExpiryScheduler(clock);
    const t = target(clock, 500);
    scheduler.watch(t);
    t.state.due = start + 100;
    scheduler.watch(t);
    scheduler.watch(t); // a later or equal time changes nothing
    expect(scheduler.size).toBe(1);
    await clock.advance(1_000);
    expect(t.expired).toEqual([start + 100]);
  });

  it('a target that no longer holds a token, or never expires, leaves; the last one out stops the timer', async () => {
    const clock = new ManualClock();
    const scheduler = new ExpiryScheduler(clock);
    scheduler.watch(target(clock, undefined));
    scheduler.watch({ dueAt: () => Number.POSITIVE_INFINITY, expire: () => {} });
    expect([scheduler.size, clock.pendingTimers]).toEqual([0, 0]);
    const t = target(clock, 100);
    scheduler.watch(t);
    t.state.due = undefined;
    await clock.advance(100);
    expect([t.expired, scheduler.size, clock.pendingTimers]).toEqual([[], 0, 0]);
  });

  it('an unwatched target is not told; removing the last one stops the timer', async () => {
    const clock = new ManualClock();
    const scheduler = new ExpiryScheduler(clock);
    const [a, b] = [target(clock, 100), target(clock, 200)];
    scheduler.watch(a);
    scheduler.watch(b);
    scheduler.unwatch(a);
    scheduler.unwatch(a); // twice changes nothing
    expect([scheduler.size, clock.pendingTimers]).toEqual([1, 1]);
    scheduler.unwatch(b);
    expect([scheduler.size, clock.pendingTimers]).toEqual([0, 0]);
    await clock.advance(1_000);
    expect([a.expired, b.expired]).toEqual([[], []]);
  });
});
