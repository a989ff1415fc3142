import type { HTTPError, RetryOptions } from 'ky';
import { parseRetryAfter } from '../statusErrors.js';
import type { HttpMethod } from './httpTransport.js';

/** The only methods retried automatically: repeating them changes nothing on the server. */
export const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD']);
/** {@link SAFE_METHODS} as ky names them. */
const RETRY_METHODS = [...SAFE_METHODS].map((method) => method.toLowerCase());

/** The statuses a safe request is retried on; ky is told to throw them (it retries only what it throws). */
export const RETRY_STATUSES = [408, 500, 502, 503, 504];

/**
 * ky's retry settings for a {@link SAFE_METHODS} request: up to `limit` more attempts on {@link RETRY_STATUSES},
 * a 503's `Retry-After` followed, each only while it fits the deadline at `deadlineAt`.
 */
export const retryWithin = (limit: number, deadlineAt: number): RetryOptions => ({
  limit,
  methods: RETRY_METHODS,
  statusCodes: RETRY_STATUSES,
  afterStatusCodes: [503],
  delay: backoffMs,
  shouldRetry: ({ error, retryCount }) => fitsDeadline(error, retryCount, deadlineAt),
});

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
