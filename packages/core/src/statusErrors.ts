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
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The one mapping of a non-2xx HTTP status to the error family, for every transport. */
export function errorForStatus(
  provider: string,
  status: number,
  detail: string,
  retryAfter?: string | null,
): ProviderError {
  const options = { provider, status };
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

/** A transport failure (timeout, abort, reset…) as a {@link TransportError}. */
export function transportFailure(
  provider: string,
  kind: 'timeout' | 'abort' | 'network',
  timeoutMs: number,
  cause?: unknown,
) {
  const code = systemCode(cause);
  const message =
    kind === 'timeout'
      ? `no answer within ${timeoutMs} ms`
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
