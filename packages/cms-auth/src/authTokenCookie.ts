import { AUTH_TOKEN_COOKIE } from './contract.js';
import { invalid } from './validation.js';

export { AUTH_TOKEN_COOKIE };

/** Attributes of the `authToken` cookie; the cookie is always `HttpOnly`. */
export interface CookieOptions {
  /** Whole seconds, at least 1; default: a session cookie (the token itself expires after an unused hour). */
  maxAge?: number;
  /** Default `/`. Starts with `/`; no `;`, control or non-ASCII character (RFC 6265 `path-value`). */
  path?: string;
  /** Default: none, so the cookie goes back to the exact host that set it. A host name (RFC 1034 labels). */
  domain?: string;
  /** Default true; set false only for http://localhost development. */
  secure?: boolean;
  /** Default `'Lax'`; `'None'` needs `secure` (browsers drop such a cookie otherwise). */
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/** RFC 6265 §4.1.1 `path-value`: any CHAR but CTLs or `;`; and it must be absolute, or browsers use another. */
const PATH_VALUE = /^\/[\x20-\x3a\x3c-\x7e]*$/;
/** RFC 1034 labels (as RFC 1123 relaxes them), with the leading dot RFC 6265 §5.2.3 tolerates. */
const DOMAIN_VALUE = /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SAME_SITE = new Set(['Strict', 'Lax', 'None']);

const invalidOption = (field: string, message: string) => invalid(`cookie.${field}`, message);

/**
 * The options, checked, so that nothing a caller passes can add an attribute to the header or write one
 * a browser would misread (`Max-Age=NaN`, `Path=/; Domain=evil`). Throws `ValidationError`.
 */
export function checkCookieOptions(options: CookieOptions): CookieOptions {
  const { maxAge, path, domain, secure, sameSite } = options;
  if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge > 0)) {
    throw invalidOption('maxAge', 'cookie.maxAge must be a whole number of seconds, at least 1');
  }
  if (path !== undefined && (typeof path !== 'string' || !PATH_VALUE.test(path))) {
    throw invalidOption(
      'path',
      'cookie.path must start with / and hold no ";", control or non-ASCII character',
    );
  }
  if (domain !== undefined && domain !== '' && (typeof domain !== 'string' || !DOMAIN_VALUE.test(domain))) {
    throw invalidOption('domain', 'cookie.domain must be a host name (letters, digits, "-" and ".")');
  }
  if (secure !== undefined && typeof secure !== 'boolean') {
    throw invalidOption('secure', 'cookie.secure must be true or false');
  }
  if (sameSite !== undefined && !SAME_SITE.has(sameSite)) {
    throw invalidOption('sameSite', "cookie.sameSite must be 'Strict', 'Lax' or 'None'");
  }
  if (sameSite === 'None' && secure === false) {
    throw invalidOption(
      'sameSite',
      "cookie.sameSite 'None' needs secure: browsers drop such a cookie otherwise",
    );
  }
  return options;
}

/**
 * The `authToken` value from a `Request`, `Headers` or a raw `Cookie` header; `undefined` when there is
 * none (or it is empty or not decodable).
 *
 * Read as RFC 6265 §4.2.1 and §5.4 describe the header: `name=value` pairs split on `;`, names compared
 * exactly, spaces around each part ignored, and a value in double quotes (`authToken="abc"`) unquoted.
 * When the header carries `authToken` twice (two cookies set for different paths or domains), the
 * **first** wins: browsers list the cookie with the longest path first (§5.4), so that is the one set
 * for the most specific path, as in the `cookie` package, Express and Go's `Request.Cookie`.
 */
export function readAuthToken(from: Request | Headers | string | null | undefined): string | undefined {
  const header =
    typeof from === 'string' || from == null
      ? from
      : (from instanceof Headers ? from : from.headers).get('cookie');
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === AUTH_TOKEN_COOKIE) return decodeValue(part.slice(at + 1));
  }
  return undefined;
}

/** A cookie value: trimmed, its double quotes taken off (§4.1.1 `cookie-value`), percent-decoded. */
function decodeValue(raw: string): string | undefined {
  let value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  try {
    return decodeURIComponent(value) || undefined;
  } catch {
    return undefined;
  }
}

function attributes(options: CookieOptions): string {
  const parts = [`Path=${options.path ?? '/'}`, 'HttpOnly', `SameSite=${options.sameSite ?? 'Lax'}`];
  if (options.secure ?? true) parts.push('Secure');
  if (options.domain) parts.push(`Domain=${options.domain}`);
  return parts.join('; ');
}

/**
 * A `Set-Cookie` value that stores the token: HttpOnly, Secure, SameSite=Lax, Path=/ unless told otherwise.
 * Options that do not make a valid attribute are a `ValidationError`.
 */
export function authTokenCookie(token: string, options: CookieOptions = {}): string {
  checkCookieOptions(options);
  const maxAge = options.maxAge === undefined ? '' : `; Max-Age=${options.maxAge}`;
  return `${AUTH_TOKEN_COOKIE}=${encodeURIComponent(token)}${maxAge}; ${attributes(options)}`;
}

/** A `Set-Cookie` value that removes the token cookie (same Path and Domain, or the browser keeps it). */
export function clearAuthTokenCookie(options: Omit<CookieOptions, 'maxAge'> = {}): string {
  checkCookieOptions({ ...options, maxAge: undefined });
  return `${AUTH_TOKEN_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(options)}`;
}
