import { scrub } from './secret.js';

/** A provider's own error code: a string such as `'001'` (Clickatell) or an int such as `1401` (SBT). */
export type ProviderErrorCode = string | number;

/** What a {@link ProviderError} records besides its message. */
export interface ProviderErrorOptions {
  /** Package-level provider name, e.g. `'clickatell-soap'`. */
  provider: string;
  /** The provider's own code, kept exactly as the provider sent it. */
  code?: ProviderErrorCode | undefined;
  /** HTTP status, where the failure came over HTTP. */
  status?: number | undefined;
  /** True when the same call may succeed if simply repeated later. */
  retryable?: boolean | undefined;
  /** The underlying failure; kept as a scrubbed copy (name, code, message), never the original object. */
  cause?: unknown;
}

/** `value` as text, or a placeholder when it will not turn into text (a null-prototype object, a throwing getter). */
function textOf(value: unknown, fallback: string): string {
  try {
    return String(value);
  } catch {
    return fallback;
  }
}

/**
 * A copy of a foreign error that keeps its name, code and (scrubbed) message, and nothing else. Building
 * it never throws, whatever the cause is: an error is often built inside a socket listener.
 */
function sanitizeCause(cause: unknown): unknown {
  if (cause === undefined || cause instanceof ProviderError) return cause;
  let message: string;
  let name = 'Error';
  let code: unknown;
  try {
    const source = cause as { message?: unknown; name?: unknown; code?: unknown };
    const isError = cause instanceof Error;
    message = textOf(isError ? source.message : cause, 'unprintable cause');
    if (isError) name = textOf(source.name, 'Error');
    code = isError ? source.code : undefined;
  } catch {
    message = 'unprintable cause';
  }
  const copy = new Error(scrub(message));
  copy.name = name;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/**
 * Base of every error our clients throw. The message names the provider and its code, and is
 * scrubbed of every known secret when the error is built.
 */
export class ProviderError extends Error {
  /** The class name, so logs and `instanceof`-free checks can tell the kinds apart. */
  override name = 'ProviderError';
  /** Package-level provider name, e.g. `'clickatell-soap'`. */
  readonly provider: string;
  /** The provider's own code, exactly as it sent it; `undefined` when it sent none. */
  readonly code: ProviderErrorCode | undefined;
  /** HTTP status, where the failure came over HTTP. */
  readonly status: number | undefined;
  /** True when the same call may succeed if simply repeated later. */
  readonly retryable: boolean;

  constructor(message: string, options: ProviderErrorOptions) {
    const code = options.code === undefined ? '' : ` (code ${options.code})`;
    super(scrub(`${options.provider}: ${message}${code}`), { cause: sanitizeCause(options.cause) });
    this.provider = options.provider;
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    // the stack repeats the message, already scrubbed above; its frames are code locations
  }
}

/** Credentials were rejected (wrong password, unknown key, frozen account, IP lockdown). Not retryable. */
export class AuthenticationError extends ProviderError {
  override name = 'AuthenticationError';
}

/** The server says the session or token is expired or invalid. Managed calls re-auth once and retry. */
export class TokenExpiredError extends ProviderError {
  override name = 'TokenExpiredError';
}

/** Bad input, caught before anything was sent. `field` names the offending option. */
export class ValidationError extends ProviderError {
  override name = 'ValidationError';
  /** The option or argument that was rejected, e.g. `'to'`. */
  readonly field: string | undefined;
  constructor(message: string, options: ProviderErrorOptions & { field?: string }) {
    super(message, options);
    this.field = options.field;
  }
}

/** Too many requests. `retryAfterMs` comes from `Retry-After` when the server sent one. */
export class RateLimitError extends ProviderError {
  override name = 'RateLimitError';
  /** How long the server asked us to wait, from `Retry-After`; `undefined` when it did not say. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: ProviderErrorOptions & { retryAfterMs?: number | undefined }) {
    super(message, { retryable: true, ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The provider understood the call and refused it for a reason of its own (no credit, bad number, 5xx…). */
export class ServiceError extends ProviderError {
  override name = 'ServiceError';
}

/** The answer could not be understood: malformed, truncated, too large, HTML, unexpected shape. */
export class ProtocolError extends ProviderError {
  override name = 'ProtocolError';
}

/** The call did not complete: network failure, timeout or abort. */
export class TransportError extends ProviderError {
  override name = 'TransportError';
}

/** True when `error` is ours. */
export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
