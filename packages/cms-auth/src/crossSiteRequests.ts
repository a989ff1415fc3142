import { invalid } from './validation.js';

// Log-in CSRF: another site's page must not log a visitor in (into the attacker's account, say) or out.
// The check is the one Go's net/http CrossOriginProtection makes (after Filippo Valsorda's "CSRF" note
// and the Fetch Metadata guidance), and, like Hono's csrf(), it needs no token in the form:
//  - `Sec-Fetch-Site` (every current browser sends it): only `same-origin`, or `none` (the user's own
//    navigation), passes; `same-site` (a sibling subdomain) and `cross-site` do not;
//  - an older browser sends no `Sec-Fetch-Site` but an `Origin` on a cross-site POST: its host must be the
//    request's own `Host` (compared without the scheme, which a TLS proxy in front hides);
//  - neither header: not a browser (curl, a server, a test), or a same-origin request: it passes;
//  - an origin in `allowedOrigins` passes whatever `Sec-Fetch-Site` says.
// Unlike a generic CSRF middleware this looks at every method and content type: on a log-in or log-out
// route even a GET or a JSON post changes the visitor's session.

/** What the check reads of a request. */
export interface RequestSite {
  /** The `Host` the request was sent to (`host[:port]`). */
  host?: string | null | undefined;
  /** The `Origin` header. */
  origin?: string | null | undefined;
  /** The `Sec-Fetch-Site` header. */
  secFetchSite?: string | null | undefined;
}

/** The origins given as `allowedOrigins`, checked: each exactly `scheme://host[:port]`. */
export function checkAllowedOrigins(origins: readonly string[] | undefined): ReadonlySet<string> {
  if (origins === undefined) return new Set();
  if (!Array.isArray(origins)) throw notAnOrigin('allowedOrigins must be an array of origins');
  for (const origin of origins) {
    if (typeof origin !== 'string' || originOf(origin) !== origin) {
      throw notAnOrigin('allowedOrigins must hold origins like https://www.example.com (no path, no /)');
    }
  }
  return new Set(origins);
}

const notAnOrigin = (message: string) => invalid('allowedOrigins', message);

function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host || undefined;
  } catch {
    return undefined; // `Origin: null` (a sandboxed frame, a redirect across sites) is never ours
  }
}

/** Whether the request comes from another site's page (see the rules above). */
export function isCrossSite(request: RequestSite, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.origin ?? undefined;
  if (origin !== undefined && allowedOrigins.has(origin)) return false;
  const site = request.secFetchSite?.trim().toLowerCase();
  if (site) return site !== 'same-origin' && site !== 'none';
  if (origin === undefined) return false;
  const host = request.host?.trim().toLowerCase();
  return !host || hostOf(origin) !== host;
}

/** A Web `Request`'s host (from its URL), `Origin` and `Sec-Fetch-Site`. */
export function siteOfRequest(request: Request): RequestSite {
  let host: string | undefined;
  try {
    host = new URL(request.url).host;
  } catch {
    host = request.headers.get('host') ?? undefined;
  }
  return {
    host,
    origin: request.headers.get('origin'),
    secFetchSite: request.headers.get('sec-fetch-site'),
  };
}
