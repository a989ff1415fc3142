import {
  AuthenticationError,
  isProviderError,
  RateLimitError,
  TokenExpiredError,
  TransportError,
  ValidationError,
} from '@x/core';

/** The request cannot be done in the state things are in (a challenge that already ended, a double click). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** The request names a tab the server did not issue, or has closed since: the page opens a new one. */
export class UnknownTabError extends Error {
  override readonly name = 'UnknownTabError';
}

/** A typed `ValidationError` for a bad field of a playground request. */
export function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`${field}: ${message}`, { provider: 'playground', field });
}

/**
 * The HTTP status the page gets for an error: bad input is the caller's (4xx), a provider's refusal keeps
 * its meaning (401, 429), a failing service is a bad gateway (502) or a gateway timeout (504).
 */
export function statusFor(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnknownTabError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof AuthenticationError || error instanceof TokenExpiredError) return 401;
  if (error instanceof RateLimitError) return 429;
  if (
    error instanceof TransportError &&
    /no answer within|not complete within|timed? ?out/i.test(error.message)
  )
    return 504;
  return isProviderError(error) ? 502 : 500;
}
