import {
  AuthenticationError,
  ProtocolError,
  type ProviderError,
  RateLimitError,
  ServiceError,
  TransportError,
} from './errors.js';

/** `Retry-After` in ms: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  // equivalent mutants: `value` for `value.trim()`: fetch and node:http hand header values over trimmed
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  // an HTTP date names its day and month; Date.parse alone would read "1.5" as a date in 2001
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `; the server asked to retry in N s` for a readable `Retry-After`, else nothing. */
export function retryAfterNote(retryAfter: string | null | undefined): string {
  const ms = parseRetryAfter(retryAfter);
  return ms === undefined ? '' : `; the server asked to retry in ${Math.ceil(ms / 1000)} s`;
}

/**
 * `error` (a provider's own reading of an answer) with the answer's `Retry-After` added to its message, so
 * that every error for such an answer says it, whoever mapped it.
 */
export function withRetryAfterNote(error: ProviderError, retryAfter: string | null): ProviderError {
  const note = retryAfterNote(retryAfter);
  // equivalent mutants: the `note === ''` check (every message includes '')
  if (note === '' || error.message.includes(note)) return error;
  const before = error.message;
  error.message = `${before}${note}`;
  error.stack = error.stack?.replace(before, error.message);
  return error;
}

/** The one mapping of a non-2xx HTTP status to the error family, for every transport. */
export function errorForStatus(
  provider: string,
  status: number,
  detail: string,
  retryAfter?: string | null,
): ProviderError {
  const options = { provider, status };
  detail += retryAfterNote(retryAfter);
  if (status === 401 || status === 403)
    return new AuthenticationError(`unauthorized (HTTP ${status})${detail}`, options);
  if (status === 429) {
    return new RateLimitError(`too many requests (HTTP 429)${detail}`, {
      ...options,
      retryAfterMs: parseRetryAfter(retryAfter),
    });
  }
  if (status >= 500)
    return new ServiceError(`server error (HTTP ${status})${detail}`, { ...options, retryable: true });
  if (status >= 400) return new ServiceError(`request refused (HTTP ${status})${detail}`, options);
  return new ProtocolError(`unexpected HTTP status ${status}${detail}`, options);
}

/** The statuses that send a client elsewhere (`Location`); no transport follows them. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * A redirect, which no transport follows (it could take a secret to another host): a `ProtocolError`,
 * not retried, naming the status and the host it pointed at (never the whole URL). Status 0: a redirect
 * that fetch refused or hid (an opaque redirect), which shows neither.
 */
export function redirectRefused(
  provider: string,
  status: number,
  location?: string | null,
  from?: string | URL,
): ProtocolError {
  const options = { provider, status, retryable: false };
  if (status === 0) {
    return new ProtocolError(
      'redirect refused: an HTTP redirect (fetch shows neither its status nor Location)',
      options,
    );
  }
  let target = 'no Location';
  if (location) {
    try {
      target = new URL(location, from).host || 'a location without a host';
    } catch {
      target = 'an unreadable Location';
    }
  }
  return new ProtocolError(`redirect refused: HTTP status ${status} to ${target}`, options);
}

/**
 * A transport failure as a {@link TransportError}: no answer (`timeout`), an answer whose body was still
 * arriving at the deadline (`slow-body`), an abort, or a network failure (reset, refused…).
 */
export function transportFailure(
  provider: string,
  kind: 'timeout' | 'slow-body' | 'abort' | 'network',
  timeoutMs: number,
  cause?: unknown,
) {
  const code = systemCode(cause);
  const message =
    kind === 'timeout'
      ? `no answer within ${timeoutMs} ms`
      : kind === 'slow-body'
        ? `answer not complete within ${timeoutMs} ms: the headers came, the body was still arriving`
        : kind === 'abort'
          ? 'the call was aborted'
          : `network failure${code ? ` (${code})` : ''}`;
  return new TransportError(message, { provider, retryable: kind !== 'abort', cause });
}

/** Size limit exceeded. */
export function tooLarge(provider: string, limit: number): ProtocolError {
  return new ProtocolError(`answer larger than ${limit} bytes`, { provider });
}

/** The system error code (`ECONNRESET`, `ECONNREFUSED`…) somewhere in an error's cause chain. */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
  }
  return undefined;
}
