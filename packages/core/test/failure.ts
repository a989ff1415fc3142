import { expect } from 'vitest';
import type { ProviderError } from '../src/index.js';

/** What `promise` rejects with; the test fails if it resolves. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('resolved'),
    (error: unknown) => error as ProviderError,
  );

/** What a user reads off an error (its message and name are not enumerable). */
export const fields = (error: ProviderError) => ({
  name: error.name,
  message: error.message,
  code: error.code,
  status: error.status,
  retryable: error.retryable,
  retryAfterMs: (error as { retryAfterMs?: number }).retryAfterMs,
  field: (error as { field?: string }).field,
});
