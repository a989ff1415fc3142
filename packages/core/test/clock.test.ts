// The system clock: wall time, and timers that hold the process only while a caller awaits them.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/index.js';

describe('systemClock', () => {
  it('tells the wall time in epoch ms', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('a timer nobody awaits never holds the process; an awaited one does', () => {
    const background = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;
    const awaited = systemClock.setTimeout(() => {}, 60_000, { awaited: true }) as NodeJS.Timeout;
    const notAwaited = systemClock.setTimeout(() => {}, 60_000, { awaited: false }) as NodeJS.Timeout;
    try {
      expect([background.hasRef(), awaited.hasRef(), notAwaited.hasRef()]).toEqual([false, true, false]);
    } finally {
      for (const timer of [background, awaited, notAwaited]) systemClock.clearTimeout(timer);
    }
  });

  it('runs a timer after its delay, and never one that was cleared', async () => {
    const fired: string[] = [];
    const cleared = systemClock.setTimeout(() => fired.push('cleared'), 1);
    systemClock.clearTimeout(cleared);
    await new Promise((resolve) => systemClock.setTimeout(() => resolve(fired.push('kept')), 5));
    expect(fired).toEqual(['kept']);
  });
});
