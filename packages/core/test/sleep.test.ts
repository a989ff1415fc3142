// sleep(): a wait a caller awaits (a poll interval), on the caller's clock, that an abort ends at once.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type Clock, sleep, TransportError } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

/** A manual clock that also records the options of every timer it is asked for. */
class RecordingClock extends ManualClock {
  readonly timerOptions: unknown[] = [];
  override setTimeout(...[fn, ms, options]: Parameters<Clock['setTimeout']>) {
    this.timerOptions.push(options);
    return super.setTimeout(fn, ms);
  }
}

/** Whether `promise` has settled, after pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('sleep', () => {
  it('resolves after ms on the given clock, on a timer that holds the process (the caller awaits it)', async () => {
    const clock = new RecordingClock();
    const slept = sleep(clock, 1_000, 'p');
    await clock.advance(999);
    expect(await settled(slept)).toBe(false);
    await clock.advance(1);
    expect(await settled(slept)).toBe(true);
    await expect(slept).resolves.toBeUndefined();
    expect(clock.timerOptions).toEqual([{ awaited: true }]);
  });

  it('an abort ends the wait at once with a TransportError, and clears its timer', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const slept = sleep(clock, 60_000, 'p', controller.signal);
    controller.abort();
    await expect(slept).rejects.toThrow(new TransportError('the call was aborted', { provider: 'p' }));
    expect(clock.pendingTimers).toBe(0);
  });

  it('an already aborted signal rejects without starting a timer', async () => {
    const clock = new ManualClock();
    const slept = sleep(clock, 1_000, 'p', AbortSignal.abort());
    expect(clock.pendingTimers).toBe(0);
    await expect(slept).rejects.toBeInstanceOf(TransportError);
  });

  it('a wait that ended leaves no listener on the signal (a long-lived signal would collect them)', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const slept = sleep(clock, 1_000, 'p', controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await clock.advance(1_000);
    await slept;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
