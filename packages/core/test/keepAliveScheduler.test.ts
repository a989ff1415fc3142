// The keep-alive scheduler on its own: when a session is pinged, how often, and what a failure or a removal does.
import { describe, expect, it } from 'vitest';
import { KEEP_ALIVE_JITTER, KeepAliveScheduler, type KeepAliveTarget } from '../src/keepAliveScheduler.js';
import { ManualClock } from '../src/testing/index.js';

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

  it('at most maxInFlight pings at once; the rest wait their turn and all are pinged', async () => {
    const clock = new ManualClock();
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
    await clock.advance(10 * MIN);
    expect(most).toBe(3);
    expect(sessions.map(({ state }) => state.pings.length)).toEqual(Array(10).fill(1));
  });
});
