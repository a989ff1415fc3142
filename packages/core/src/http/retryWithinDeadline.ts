import type { HTTPError } from 'ky';
import { parseRetryAfter } from '../statusErrors.js';

/** ky's own backoff between retries (300 ms, 600 ms, …), named so that the deadline check can use it. */
export const backoffMs = (attempt: number) => 300 * 2 ** (attempt - 1);

/**
 * ky's `shouldRetry`: `false` when the wait before the next attempt (the server's `Retry-After`, else the
 * backoff) would end past the deadline; then the answer is reported at once instead of waited out.
 * `undefined` leaves every other decision to ky.
 */
export function fitsDeadline(error: Error, retryCount: number, deadlineAt: number): false | undefined {
  // by shape, not `instanceof`: ky is loaded on the first request, not when this module is
  const response = (error as Partial<HTTPError>).response;
  const asked = response?.status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  // equivalent mutant: `<=` (no clock lands on the deadline to the nanosecond)
  return performance.now() + (asked ?? backoffMs(retryCount)) < deadlineAt ? undefined : false;
}
