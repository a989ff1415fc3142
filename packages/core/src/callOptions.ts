import { TransportError, ValidationError } from './errors.js';
import { transportFailure } from './statusErrors.js';

/** What every public async method of every client takes as its last, optional argument. */
export interface CallOptions {
  /**
   * Abort the call. The caller stops waiting at once with a `TransportError`; a token refresh it was
   * waiting on goes on for the other callers.
   */
  signal?: AbortSignal;
  /** Give up after this many milliseconds: the whole call, waiting for a token included. */
  timeoutMs?: number;
}

/** A call's deadline as {@link callSignal} made it: when it passes, how long it was, and its own signal. */
interface CallDeadline {
  /** `performance.now()` time at which the deadline passes. */
  at: number;
  timeoutMs: number;
  signal: AbortSignal;
}
/** The deadline behind each signal `callSignal` returned, so that transports can plan within it. */
const deadlines = new WeakMap<AbortSignal, CallDeadline>();

/**
 * The caller's signal and deadline as one signal (`undefined` when the call has neither). A deadline
 * aborts with a ready `TransportError` ("no answer within N ms") as its reason.
 */
export function callSignal(provider: string, options: CallOptions | undefined): AbortSignal | undefined {
  const { signal, timeoutMs } = options ?? {};
  if (timeoutMs === undefined) return signal;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new ValidationError('timeoutMs must be a positive number', { provider, field: 'timeoutMs' });
  }
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(transportFailure(provider, 'timeout', timeoutMs)), timeoutMs).unref();
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  deadlines.set(combined, { at: performance.now() + timeoutMs, timeoutMs, signal: deadline.signal });
  return combined;
}

/**
 * The earlier of a transport's own deadline (`timeoutMs` from now) and the one `callSignal` put on
 * `signal`: one deadline per call, that retries, `Retry-After` waits and the body must fit in.
 */
export function requestDeadline(timeoutMs: number, signal: AbortSignal | undefined) {
  const own = { at: performance.now() + timeoutMs, timeoutMs };
  const call = signal && deadlines.get(signal);
  return call && call.at < own.at ? { at: call.at, timeoutMs: call.timeoutMs } : own;
}

/**
 * Why `signal` ended a call after the answer's headers came: its deadline passing means the body was
 * still arriving; anything else is {@link abortError}.
 */
export function abortErrorMidBody(provider: string, signal: AbortSignal): TransportError {
  const deadline = deadlines.get(signal);
  // equivalent mutants: `false` (the transports' own timer ends the body at the same deadline, with this
  // same error) and `true` for the reason check (a signal's reason is that of whichever aborted first)
  return deadline?.signal.aborted && signal.reason === deadline.signal.reason
    ? transportFailure(provider, 'slow-body', deadline.timeoutMs)
    : abortError(provider, signal);
}

/** Why `signal` ended a call: its deadline's own error, a timeout (`AbortSignal.timeout()`), or an abort. */
export function abortError(provider: string, signal: AbortSignal): TransportError {
  const reason: unknown = signal.reason;
  if (reason instanceof TransportError) return reason;
  if ((reason as { name?: unknown } | undefined)?.name === 'TimeoutError') {
    return new TransportError('the call timed out', { provider, retryable: true });
  }
  return transportFailure(provider, 'abort', 0);
}

/**
 * `promise`, unless `signal` ends first: then the caller gets {@link abortError} at once, while the
 * promise itself goes on (a shared refresh still serves the other callers).
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  provider: string,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined); // its outcome is someone else's now
    return Promise.reject(abortError(provider, signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(provider, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
