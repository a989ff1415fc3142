import type { IncomingMessage } from 'node:http';
import { type CallOptions, type Clock, type Secret, systemClock, ValidationError } from '@x/core';
import {
  authTokenCookie,
  type CookieOptions,
  clearAuthTokenCookie,
  readAuthToken,
} from './authTokenCookie.js';
import type { CmsAuthClient, Identity } from './cmsAuthClient.js';

/** How a {@link CmsAuthManager} caches identities and writes the cookie. */
export interface AuthManagerOptions {
  /** How long a looked-up identity is reused before asking the service again; default 60 s. */
  cacheMs?: number;
  /** At most this many cached identities; default 10,000. */
  maxEntries?: number;
  /** Attributes of the `authToken` cookie it sets and clears. */
  cookie?: CookieOptions;
  /** Time source for the identity cache (tests pass `ManualClock`). */
  clock?: Clock;
}

/**
 * The bundled PHP library's authentication manager, the Web-standard way: it resolves the current user
 * from a `Request`'s `authToken` cookie (Hono, Next.js route handlers, Node via `fromNodeRequest`), caches
 * the identity briefly, drops it on log-out and refreshes it on demand.
 */
export class CmsAuthManager {
  readonly #client: CmsAuthClient;
  readonly #cacheMs: number;
  readonly #maxEntries: number;
  readonly #cookie: CookieOptions;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { identity: Identity; until: number }>();

  constructor(client: CmsAuthClient, options: AuthManagerOptions = {}) {
    this.#client = client;
    this.#cacheMs = options.cacheMs ?? 60_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#cookie = options.cookie ?? {};
    this.#clock = options.clock ?? systemClock;
  }

  /** Log in and get the `Set-Cookie` value to send back. */
  async login(
    credentials: { username: string; password: string | Secret; formId?: string },
    options?: CallOptions,
  ): Promise<{
    /** The user who logged in. */
    identity: Identity;
    /** The new auth token (also in `setCookie`). */
    token: string;
    /** The `Set-Cookie` value that stores the token in the browser. */
    setCookie: string;
  }> {
    const { token, identity } = await this.#client.authenticate(credentials, options);
    this.#remember(token, identity);
    return { identity, token, setCookie: authTokenCookie(token, this.#cookie) };
  }

  /** The user behind the request's `authToken` cookie, or `null` (also for a cookie that is not a token). */
  async currentUser(request: Request | Headers, options?: CallOptions): Promise<Identity | null> {
    const token = readAuthToken(request);
    if (!token) return null;
    const cached = this.#cache.get(token);
    if (cached && this.#clock.now() < cached.until) return cached.identity;
    return this.refresh(token, options).catch(unlessNotAToken);
  }

  /** Ask the service again (e.g. after an update-details form) and cache the answer. */
  async refresh(token: string, options?: CallOptions): Promise<Identity | null> {
    const identity = await this.#client.getIdentity(token, options);
    if (identity) this.#remember(token, identity);
    else this.#cache.delete(token);
    return identity;
  }

  /** Log the request's user out; returns the `Set-Cookie` value that clears the cookie. */
  async logout(
    request: Request | Headers,
    options?: CallOptions,
  ): Promise<{
    /** The `Set-Cookie` value that removes the token cookie. */
    setCookie: string;
  }> {
    const token = readAuthToken(request);
    if (token) {
      this.#cache.delete(token);
      await this.#client.destroyToken(token, options).catch(unlessNotAToken);
    }
    return { setCookie: clearAuthTokenCookie(this.#cookie) };
  }

  #remember(token: string, identity: Identity): void {
    this.#cache.delete(token);
    this.#cache.set(token, { identity, until: this.#clock.now() + this.#cacheMs });
    if (this.#cache.size > this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value as string);
  }
}

/**
 * A cookie is the browser's input, not the programmer's: one that is not a token shape means "nobody logged
 * in", not a `ValidationError` on every page.
 */
function unlessNotAToken(error: unknown): null {
  if (error instanceof ValidationError && error.field === 'token') return null;
  throw error;
}

/** A Web `Request` carrying a Node request's method, URL and headers (no body), for `CmsAuthManager`. */
export function fromNodeRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), {
    method: req.method ?? 'GET',
    headers,
  });
}
