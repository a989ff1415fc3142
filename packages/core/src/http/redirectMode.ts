/**
 * How a request refuses redirects. Both fetch modes used here refuse to follow one; they differ in cost
 * and in what the error can say:
 * - `'manual'` hands the redirect back, so the error names its status and host. But undici (Node's fetch)
 *   then copies the request before sending it, and copying a body tees its stream: 8 to 9 % of the
 *   CPU of a small JSON POST.
 * - `'error'` makes fetch fail instead: no copy, but no status or Location either.
 *
 * So a request with a body (never retried) uses `'error'`, and a bodiless one (GET, HEAD) keeps the detail.
 */
export const redirectMode = (hasBody: boolean): RequestRedirect => (hasBody ? 'error' : 'manual');

/**
 * Whether `error` is fetch refusing a redirect in mode `'error'`, which each runtime reports its own way
 * (ky wraps each in a `NetworkError`, whose `cause` it is):
 * - Node and undici: `TypeError: fetch failed` with the cause `unexpected redirect`;
 * - Deno: `TypeError: Fetch failed: Encountered redirect while redirect mode is set to 'error'`;
 * - Bun: a `TypeError` with the code `UnexpectedRedirect`.
 */
export function isRedirectRefusal(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { message, code, cause } = current as { message?: unknown; code?: unknown; cause?: unknown };
    if (message === 'unexpected redirect' || code === 'UnexpectedRedirect') return true;
    if (typeof message === 'string' && message.endsWith("redirect mode is set to 'error'")) return true;
    current = cause;
  }
  return false;
}
