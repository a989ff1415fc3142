import { AUTH_TOKEN_COOKIE } from './contract.js';

export { AUTH_TOKEN_COOKIE };

/** Attributes of the `authToken` cookie; the cookie is always `HttpOnly`. */
export interface CookieOptions {
  /** Seconds; default: a session cookie (the token itself expires after an unused hour). */
  maxAge?: number;
  /** Default `/`. */
  path?: string;
  /** Default: none, so the cookie goes back to the exact host that set it. */
  domain?: string;
  /** Default true; set false only for http://localhost development. */
  secure?: boolean;
  /** Default `'Lax'`. */
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/** The `authToken` value from a `Request`, `Headers` or a raw `Cookie` header. */
export function readAuthToken(from: Request | Headers | string | null | undefined): string | undefined {
  const header =
    typeof from === 'string' || from == null
      ? from
      : (from instanceof Headers ? from : from.headers).get('cookie');
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === AUTH_TOKEN_COOKIE) {
      const value = part.slice(at + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function attributes(options: CookieOptions): string {
  const parts = [`Path=${options.path ?? '/'}`, 'HttpOnly', `SameSite=${options.sameSite ?? 'Lax'}`];
  if (options.secure ?? true) parts.push('Secure');
  if (options.domain) parts.push(`Domain=${options.domain}`);
  return parts.join('; ');
}

/** A `Set-Cookie` value that stores the token: HttpOnly, Secure, SameSite=Lax, Path=/ unless told otherwise. */
export function authTokenCookie(token: string, options: CookieOptions = {}): string {
  const maxAge = options.maxAge === undefined ? '' : `; Max-Age=${Math.floor(options.maxAge)}`;
  return `${AUTH_TOKEN_COOKIE}=${encodeURIComponent(token)}${maxAge}; ${attributes(options)}`;
}

/** A `Set-Cookie` value that removes the token cookie. */
export function clearAuthTokenCookie(options: Omit<CookieOptions, 'maxAge'> = {}): string {
  return `${AUTH_TOKEN_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(options)}`;
}
