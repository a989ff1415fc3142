import { AuthenticationError, type ProviderError, RateLimitError, ServiceError } from '@x/core';
import type { HttpResponse } from '@x/core/http';
import { PROVIDER } from './validation.js';

/** The REST error body `{"error":{code,description,documentation}}` or an empty 401, as the error family. */
export function mapRestError(response: HttpResponse): ProviderError | undefined {
  const body = (response.data as { error?: { code?: unknown; description?: unknown } } | undefined)?.error;
  const code =
    typeof body?.code === 'string' || typeof body?.code === 'number' ? String(body.code) : undefined;
  const text = typeof body?.description === 'string' ? body.description : `HTTP ${response.status}`;
  const options = { provider: PROVIDER, status: response.status, code };
  if (response.status === 401 || response.status === 403)
    return new AuthenticationError(body ? text : 'token rejected (HTTP 401, empty body)', options);
  if (response.status === 429) {
    return new RateLimitError(text, {
      ...options,
      retryAfterMs: Number(response.headers.get('retry-after')) * 1000 || undefined,
    });
  }
  if (response.status === 402) return new ServiceError(`${text}: not enough credit`, options);
  if (body) return new ServiceError(text, { ...options, retryable: response.status >= 500 });
  return undefined;
}
