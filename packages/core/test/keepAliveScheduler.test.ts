// The keep-alive scheduler on its own: when a session is pinged, how often, and what a failure or a removal does.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/testing/index.js';
import {
  KEEP_ALIVE_JITTER,
  KeepAliveScheduler,
  type KeepAliveTarget,
} from '../src/token/keepAliveScheduler.js';

const MIN = 60_000;

/** A session last used at `last`, whose pings are recorded (and move `last`, as a real ping does). */
function session(clock: ManualClock, intervalMs = 10 * MIN, ping: () => Promise<void> = async () => {}) {
  const state = { last: clock.now() as number | undefined, pings: [] as number[] };
  const target: KeepAliveTarget = {
    intervalMs,
    lastUsedAt: () => state.last,
    ping: async () => {
      state.pings.push(clock.now());
      await ping();
      state.last = clock.now();
    },
  };
  return { state, target };
}

describe('KeepAliveScheduler', () => {
  it('pings between 1 and 1 + jitter intervals after the last use, spread over that range', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new KeepAliveScheduler(clock);
    const sessions = Array.from({ length: 200 }, () => session(clock));
    for (const { target } of sessions) scheduler.add(target);
    await clock.advance(11 * MIN);
    const delays = sessions.map(({ state }) => state.pings[0]! - start);
    expect(sessions.every(({ state }) => state.pings.length === 1)).toBe(true);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10 * MIN);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10 * MIN * (1 + KEEP_ALIVE_JITTER));
    // spread over most of the minute of jitter, not bunched at one end
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(0.8 * MIN);
  });

  it('a session added twice is pinged once per interval', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const { state, target } = session(clock);
    scheduler.add(target);
    scheduler.add(target);
    expect(scheduler.size).toBe(1);
    await clock.advance(30 * MIN);
    expect(state.pings.length).toBe(3);
  });

  it('a session used meanwhile is not pinged until it has been idle a whole interval', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const { state, target } = session(clock);
    scheduler.add(target);
    await clock.advance(5 * MIN);
    state.last = clock.now(); // used at 5 min
    await clock.advance(10 * MIN);
    expect(state.pings.map((at) => at - start)).toEqual([15 * MIN]);
  });

  it('a failed ping is tried again an interval after the attempt, not at once', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const { state, target } = session(clock, 10 * MIN, async () => {
      throw new Error('network down');
    });
    scheduler.add({ ...target, ping: () => target.ping().catch(() => undefined) });
    await clock.advance(35 * MIN);
    expect(state.pings.map((at) => at - start)).toEqual([10 * MIN, 20 * MIN, 30 * MIN]);
  });

  it('removing one session leaves the others; removing the last stops the timer', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const [a, b] = [session(clock), session(clock)];
    scheduler.add(a.target);
    scheduler.add(b.target);
    scheduler.remove(a.target);
    await clock.advance(20 * MIN);
    expect([a.state.pings.length, b.state.pings.length]).toEqual([0, 2]);
    scheduler.remove(b.target);
    expect(clock.pendingTimers).toBe(0);
    expect(scheduler.size).toBe(0);
  });

  it('a session whose token is gone leaves the schedule at its next turn', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const { state, target } = session(clock);
    scheduler.add(target);
    state.last = undefined;
    await clock.advance(10 * MIN);
    expect(state.pings).toEqual([]);
    expect(scheduler.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('at most maxInFlight pings at once; the rest wait their turn and all are pinged on time', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new KeepAliveScheduler(clock, { maxInFlight: 3, jitter: 0 });
    let inFlight = 0;
    let most = 0;
    const sessions = Array.from({ length: 10 }, () =>
      session(clock, 10 * MIN, async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
      }),
    );
    for (const { target } of sessions) scheduler.add(target);
    await clock.advance(30 * MIN); // in one step: time waits for every due ping, the queued ones too
    expect(most).toBe(3);
    expect(sessions.map(({ state }) => state.pings.map((at) => at - start))).toEqual(
      Array(10).fill([10 * MIN, 20 * MIN, 30 * MIN]),
    );
  });

  it('sessions of many intervals, added in any order, are each pinged exactly on time', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    // 1 to 23 minutes, shuffled (7 is coprime to 23): the heap sees every order of arrival
    const intervals = Array.from({ length: 23 }, (_, i) => ((i * 7) % 23) + 1);
    const sessions = intervals.map((minutes) => session(clock, minutes * MIN));
    for (const { target } of sessions) scheduler.add(target);
    expect(clock.pendingTimers).toBe(1); // one timer for all of them
    await clock.advance(60 * MIN);
    for (const [i, { state }] of sessions.entries()) {
      const every = intervals[i]! * MIN;
      const due = Array.from({ length: Math.floor((60 * MIN) / every) }, (_, k) => (k + 1) * every);
      expect(state.pings.map((at) => at - start)).toEqual(due);
    }
  });

  it('a session that holds no token is not scheduled', () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock);
    const { state, target } = session(clock);
    state.last = undefined;
    scheduler.add(target);
    expect([scheduler.size, clock.pendingTimers]).toEqual([0, 0]);
  });

  it('a session due sooner moves the one timer; removing every session leaves no timer', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const [slow, fast] = [session(clock, 20 * MIN), session(clock, 5 * MIN)];
    scheduler.add(slow.target);
    scheduler.add(fast.target);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(5 * MIN);
    expect([slow.state.pings.length, fast.state.pings.length]).toEqual([0, 1]);
    scheduler.remove(slow.target);
    scheduler.remove(fast.target);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a session removed while it waits for a place in flight is not pinged', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { maxInFlight: 1, jitter: 0 });
    const waiting = session(clock);
    const first = session(clock, 10 * MIN, async () => scheduler.remove(waiting.target));
    scheduler.add(first.target);
    scheduler.add(waiting.target);
    await clock.advance(10 * MIN);
    expect([first.state.pings.length, waiting.state.pings.length]).toEqual([1, 0]);
  });

  it('a session removed while its ping is under way is not scheduled again, and leaves no timer', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    const { state, target } = session(clock, 10 * MIN, async () => scheduler.remove(target));
    scheduler.add(target);
    await clock.advance(10 * MIN);
    expect([state.pings.length, scheduler.size, clock.pendingTimers]).toEqual([1, 0, 0]);
    await clock.advance(20 * MIN);
    expect(state.pings.length).toBe(1);
  });

  it('a session whose token is dropped during its ping leaves the schedule, and leaves no timer', async () => {
    const clock = new ManualClock();
    const scheduler = new KeepAliveScheduler(clock, { jitter: 0 });
    let last: number | undefined = clock.now();
    let pings = 0;
    // the server answered the ping "session expired": the manager dropped its token
    scheduler.add({
      intervalMs: 10 * MIN,
      lastUsedAt: () => last,
      ping: async () => {
        pings++;
        last = undefined;
      },
    });
    await clock.advance(30 * MIN);
    expect([pings, scheduler.size, clock.pendingTimers]).toEqual([1, 0, 0]);
  });
});
