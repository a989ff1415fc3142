import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { Timetable } from '../src/token/timetable.js';

/** A manual clock that also notes the wait of every timer set on it. */
function notingClock() {
  const clock = new ManualClock();
  const waits: number[] = [];
  const noting: Clock = {
    now: () => clock.now(),
    setTimeout: (fn, ms) => {
      waits.push(ms);
      return clock.setTimeout(fn, ms);
    },
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
  return { clock, noting, waits };
}

describe('Timetable', () => {
  it('one timer, for the earliest item; each item reaches onDue at its time', async () => {
    const clock = new ManualClock();
    const seen: [string[], number][] = [];
    const timetable = new Timetable<string>(clock, (due, now) => {
      seen.push([due, now]);
    });
    const start = clock.now();
    timetable.add(start + 300, 'c');
    timetable.add(start + 100, 'a');
    timetable.add(start + 100, 'b');
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1_000);
    expect(seen.map(([due, at]) => [due.sort(), at - start])).toEqual([
      [['a', 'b'], 100],
      [['c'], 300],
    ]);
    expect([timetable.size, clock.pendingTimers]).toEqual([0, 0]);
  });

  it('an item added again from onDue comes due again', async () => {
    const clock = new ManualClock();
    const times: number[] = [];
    const timetable = new Timetable<number>(clock, (due, now) => {
      times.push(now);
      if (times.length < 3) timetable.add(now + 50, due[0]!);
    });
    const start = clock.now();
    timetable.add(start + 50, 1);
    await clock.advance(500);
    expect(times.map((at) => at - start)).toEqual([50, 100, 150]);
  });

  it('manual clocks wait for what onDue returns before time moves on', async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    const timetable = new Timetable<string>(clock, async (due) => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push(due[0]!);
    });
    timetable.add(clock.now() + 10, 'first');
    clock.setTimeout(() => order.push('after'), 20);
    await clock.advance(30);
    expect(order).toEqual(['first', 'after']);
  });

  it("a time past what Node's timers take (24.8 days) is reached in steps, never a timer that overflows", async () => {
    const { clock, noting, waits } = notingClock();
    const due: number[] = [];
    const timetable = new Timetable<number>(noting, (items) => {
      due.push(...items);
    });
    const year = 365 * 24 * 3_600_000;
    timetable.add(clock.now() + year, 1);
    expect(waits).toEqual([2 ** 31 - 1]);
    await clock.advance(year - 1);
    expect(due).toEqual([]);
    await clock.advance(1);
    expect(due).toEqual([1]);
    expect(Math.max(...waits)).toBe(2 ** 31 - 1);
  });

  it('clear() forgets every item and stops the timer', async () => {
    const clock = new ManualClock();
    const due: string[] = [];
    const timetable = new Timetable<string>(clock, (items) => {
      due.push(...items);
    });
    timetable.add(clock.now() + 10, 'a');
    timetable.clear();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(100);
    expect(due).toEqual([]);
  });
});
