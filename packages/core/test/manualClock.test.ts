// ManualClock (src/testing/manualClock.ts): time that moves only when told, firing due timers in time
// order and waiting for each one before moving on.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/testing/index.js';

describe('ManualClock', () => {
  it('starts at 2026-01-01 UTC unless told, and stands still until advanced', async () => {
    expect(new ManualClock().now()).toBe(Date.UTC(2026, 0, 1));
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('fires a timer when the clock reaches it, not a moment before, and once', async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 60_000);
    await clock.advance(59_999);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([60_000]);
    await clock.advance(60_000);
    expect(fired).toEqual([60_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires due timers in time order, ties in the order they were set, each at its own time', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const at = (name: string, ms: number) => clock.setTimeout(() => fired.push(`${name}@${clock.now()}`), ms);
    at('c', 300);
    at('a', 100);
    at('b1', 200);
    at('b2', 200);
    at('late', 1_000);
    await clock.advance(500);
    expect(fired).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300']);
    expect([clock.now(), clock.pendingTimers]).toEqual([500, 1]);
  });

  it("waits for each timer's promise before the next, and fires timers set on the way that fall due", async () => {
    const clock = new ManualClock(0);
    const steps: string[] = [];
    clock.setTimeout(async () => {
      steps.push(`first starts @${clock.now()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      clock.setTimeout(() => steps.push(`set by first @${clock.now()}`), 50);
      steps.push('first ends');
    }, 100);
    clock.setTimeout(() => steps.push(`second @${clock.now()}`), 120);
    await clock.advance(200);
    expect(steps).toEqual(['first starts @100', 'first ends', 'second @120', 'set by first @150']);
  });

  it('a timer with a negative delay is due at once; a cleared one never fires', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('negative'), -5);
    const cleared = clock.setTimeout(() => fired.push('cleared'), 10);
    expect(clock.pendingTimers).toBe(2);
    clock.clearTimeout(cleared);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(0);
    await clock.advance(100);
    expect(fired).toEqual(['negative']);
  });
});
