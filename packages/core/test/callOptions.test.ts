// The `{ signal, timeoutMs }` every public async method takes: one signal for the call, the error a caller
// gets when it ends, and a wait that an abort ends for this caller only.
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { abortError, callSignal, TransportError, untilAborted, ValidationError } from '../src/index.js';

const reasonOf = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) =>
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
  );

describe('callSignal', () => {
  it('is nothing without options, and the caller’s own signal without a timeout', () => {
    const { signal } = new AbortController();
    expect(callSignal('test', undefined)).toBeUndefined();
    expect(callSignal('test', {})).toBeUndefined();
    expect(callSignal('test', { signal })).toBe(signal);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '100'])('refuses timeoutMs %s', (timeoutMs) => {
    expect(() => callSignal('test', { timeoutMs: timeoutMs as number })).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        message: 'test: timeoutMs must be a positive number',
        field: 'timeoutMs',
      }),
    );
    expect(() => callSignal('test', { timeoutMs: timeoutMs as number })).toThrow(ValidationError);
  });

  it('ends at the deadline with a ready, retryable "no answer" TransportError', async () => {
    const signal = callSignal('test', { timeoutMs: 30 })!;
    expect(signal.aborted).toBe(false);
    const reason = (await reasonOf(signal)) as TransportError;
    expect(reason).toBeInstanceOf(TransportError);
    expect([reason.message, reason.retryable, reason.provider]).toEqual([
      'test: no answer within 30 ms',
      true,
      'test',
    ]);
    expect(abortError('test', signal)).toBe(reason);
  });

  it('ends when the caller aborts, before the deadline; its timer never holds the process', async () => {
    const controller = new AbortController();
    const timers = () => process.getActiveResourcesInfo().filter((what) => what === 'Timeout').length;
    const before = timers();
    const signal = callSignal('test', { signal: controller.signal, timeoutMs: 60_000 })!;
    expect(timers()).toBe(before);
    controller.abort();
    expect(signal.aborted).toBe(true);
    expect(abortError('test', signal)).toMatchObject({ name: 'TransportError', retryable: false });
    expect(abortError('test', signal).message).toBe('test: the call was aborted');
  });
});

describe('abortError', () => {
  it('is the call deadline’s own error, a retryable timeout for AbortSignal.timeout(), else an abort', async () => {
    const timedOut = AbortSignal.timeout(1);
    await sleep(20);
    const timeout = abortError('test', timedOut);
    expect([timeout.name, timeout.message, timeout.retryable]).toEqual([
      'TransportError',
      'test: the call timed out',
      true,
    ]);
    const aborted = abortError('test', AbortSignal.abort(new Error('mine')));
    expect([aborted.name, aborted.message, aborted.retryable]).toEqual([
      'TransportError',
      'test: the call was aborted',
      false,
    ]);
    expect(abortError('test', AbortSignal.abort(null)).message).toBe('test: the call was aborted');
    const given = new TransportError('already typed', { provider: 'other' });
    expect(abortError('test', AbortSignal.abort(given))).toBe(given);
  });
});

describe('untilAborted', () => {
  it('is the promise itself without a signal', () => {
    const promise = Promise.resolve(1);
    expect(untilAborted(promise, undefined, 'test')).toBe(promise);
  });

  it('resolves and rejects as the promise does, and leaves no listener on the signal', async () => {
    const { signal } = new AbortController();
    expect(await untilAborted(Promise.resolve('value'), signal, 'test')).toBe('value');
    const failure = new Error('refused');
    await expect(untilAborted(Promise.reject(failure), signal, 'test')).rejects.toBe(failure);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('an abort ends the wait at once with a TransportError; the promise goes on for others', async () => {
    const controller = new AbortController();
    let finish!: (value: string) => void;
    const shared = new Promise<string>((resolve) => (finish = resolve));
    const waiting = untilAborted(shared, controller.signal, 'test');
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'TransportError', retryable: false });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    finish('for the others');
    expect(await shared).toBe('for the others');
  });

  it('an already aborted signal rejects at once, and the promise’s own failure is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = Promise.reject(new Error('nobody waits for this'));
      await expect(untilAborted(late, AbortSignal.abort(), 'test')).rejects.toMatchObject({
        name: 'TransportError',
        message: 'test: the call was aborted',
      });
      await sleep(20);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
