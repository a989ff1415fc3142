import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may talk to the playground: requests addressed to one of its own host names, and, for anything but a
 * GET, sent by its own page. After DNS rebinding a foreign page reaches 127.0.0.1 under its own name, so the
 * `Host` header is what tells the two apart (Vite's `server.allowedHosts`, webpack-dev-server's
 * `allowedHosts`); the `Origin` check stops a cross-site form post even to an allowed name. CORS stays off:
 * no answer carries `Access-Control-Allow-*`.
 */
export interface HostPolicy {
  /** The port the server listens on: its own names count only with it. */
  port: number;
  /** Names the user allows on any port; `.example.test` allows the name and every subdomain. */
  allowedHosts: readonly string[];
  /** The address it listens on, when that is one specific address (not 0.0.0.0 or ::). */
  listenHost?: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]', '']);

/** `PLAYGROUND_ALLOWED_HOSTS=a.test,.b.test` and the `allowedHosts` option, lower-cased, blanks dropped. */
export function allowedHostsFrom(
  option: readonly string[] = [],
  variable: string | undefined = '',
): string[] {
  return [...option, ...variable.split(',')].map((name) => name.trim().toLowerCase()).filter(Boolean);
}

/** `name:port` or `[v6]:port` from a `Host` header; undefined when it is not one. */
function splitHost(header: string): { name: string; port?: number } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.toLowerCase());
  if (!match) return undefined;
  return { name: match[1]!, ...(match[2] ? { port: Number(match[2]) } : {}) };
}

/** True when `header` (the request's `Host`) names this playground. */
export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  const host = header === undefined ? undefined : splitHost(header);
  if (!host) return false;
  const own = [...LOOPBACK_NAMES];
  const listen = policy.listenHost?.toLowerCase();
  if (listen && !WILDCARD_ADDRESSES.has(listen)) own.push(listen.includes(':') ? `[${listen}]` : listen);
  if (own.includes(host.name) && (host.port ?? 80) === policy.port) return true;
  return policy.allowedHosts.some((allowed) =>
    allowed.startsWith('.')
      ? host.name === allowed.slice(1) || host.name.endsWith(allowed)
      : host.name === allowed,
  );
}

/**
 * True when a request that changes something comes from the playground's own page: its `Origin` is the
 * origin of the (already allowed) `Host` it was sent to, or, with no `Origin`, the browser says
 * `Sec-Fetch-Site: same-origin`. A tool without either (curl) is refused; it can send the header.
 */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const { origin, host } = headers;
  if (origin === undefined) return headers['sec-fetch-site'] === 'same-origin';
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host?.toLowerCase();
  } catch {
    return false; // `null` (a sandboxed frame, a file) or garbage
  }
}
