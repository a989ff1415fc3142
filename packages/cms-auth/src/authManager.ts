import type { IncomingMessage } from 'node:http';
import {
  type CallOptions,
  type Clock,
  callSignal,
  debugLog,
  isProviderError,
  type LifecycleListener,
  type Secret,
  systemClock,
  type TokenStore,
  untilAborted,
  ValidationError,
} from '@x/core';
import {
  authTokenCookie,
  type CookieOptions,
  checkCookieOptions,
  clearAuthTokenCookie,
  readAuthToken,
} from './authTokenCookie.js';
import type { CmsAuthClient } from './cmsAuthClient.js';
import { checkAllowedOrigins, isCrossSite, type RequestSite, siteOfRequest } from './crossSiteRequests.js';
import type { Identity } from './identity.js';
import { IdentityCache } from './identityCache.js';
import { SessionEvents } from './sessionEvents.js';
import { SharedLogouts } from './sharedLogouts.js';
import { invalid, PROVIDER } from './validation.js';

/** How a {@link CmsAuthManager} caches identities, writes the cookie and guards log-in. */
export interface AuthManagerOptions {
  /**
   * How long an answer about a token is reused before asking the service again: the user behind it, and
   * also "not a live token" (so a flood of made-up cookies costs one call per distinct cookie); default 60 s.
   */
  cacheMs?: number;
  /**
   * At most this many users cached, as many refused tokens besides, and as many live sessions followed
   * for their lifecycle events; default 10,000.
   */
  maxEntries?: number;
  /** Attributes of the `authToken` cookie it sets and clears (checked here: `ValidationError`). */
  cookie?: CookieOptions;
  /**
   * Origins (`https://www.example.com`) besides the request's own whose pages may log users in and out,
   * e.g. your site's front end on another host. See {@link CmsAuthManager.isCrossSite}.
   */
  allowedOrigins?: readonly string[];
  /**
   * Share log-outs with the other processes on this store (a `RedisTokenStore`): a log-out here makes
   * every other manager on the store drop the token before its next request. Default: none (another
   * process goes on trusting its cached answer for up to `cacheMs`).
   */
  store?: TokenStore;
  /** Time source for the identity cache and the sessions' idle expiry (tests pass `ManualClock`). */
  clock?: Clock;
}

/**
 * The bundled PHP library's authentication manager, the Web-standard way: it resolves the current user
 * from a `Request`'s `authToken` cookie (Hono, Next.js route handlers, Node via `fromNodeRequest`), caches
 * the answer briefly (one call at a time per token), drops it on log-out, here and in every process
 * sharing its `store`, and refreshes it on demand.
 */
export class CmsAuthManager {
  readonly #client: CmsAuthClient;
  readonly #cookie: CookieOptions;
  readonly #allowedOrigins: ReadonlySet<string>;
  readonly #cache: IdentityCache;
  readonly #logouts: SharedLogouts;
  readonly #sessions: SessionEvents;
  /** Lookups under way, by token: every request with that cookie waits for the same one. */
  readonly #lookups = new Map<string, Promise<Identity | null>>();

  constructor(client: CmsAuthClient, options: AuthManagerOptions = {}) {
    const cacheMs = options.cacheMs ?? 60_000;
    const maxEntries = options.maxEntries ?? 10_000;
    if (!(cacheMs >= 0 && Number.isFinite(cacheMs)))
      throw invalid('cacheMs', 'cacheMs must be a number of ms');
    if (!(Number.isSafeInteger(maxEntries) && maxEntries > 0))
      throw invalid('maxEntries', 'maxEntries must be a whole number');
    this.#client = client;
    this.#cookie = checkCookieOptions(options.cookie ?? {});
    this.#allowedOrigins = checkAllowedOrigins(options.allowedOrigins);
    const clock = options.clock ?? systemClock;
    this.#cache = new IdentityCache(cacheMs, maxEntries, clock);
    this.#logouts = new SharedLogouts(options.store, client.wsdlUrl ?? '', cacheMs, clock);
    const keyOf = (token: string) => this.#logouts.keyOf(token);
    // a token whose idle hour ran out is not served from the cache: Recite has forgotten it
    const timeUp = (token: string) => this.#cache.forget(token);
    this.#sessions = new SessionEvents({ clock, maxEntries, keyOf, timeUp });
  }

  /**
   * Listen to the sessions' lifecycle events (also on `x-auth:token`; tokens only as fingerprints):
   * `issued` at log-in, `used` when the service answered a lookup (the idle hour starts again), `expired`
   * with a reason: `'logout'` here, `'server'` (unknown to the service), `'store'` (logged out by another
   * process) or `'time'` (an hour with no use seen here). A listener that throws is ignored.
   */
  on(listener: LifecycleListener): () => void {
    return this.#sessions.on(listener);
  }

  /**
   * Log in and get the `Set-Cookie` value to send back. Pass the log-in `request`: the token in its
   * `authToken` cookie, if any, is then logged out once the new one is issued (a second log-in in the
   * same browser leaves no live token behind).
   */
  async login(
    credentials: { username: string; password: string | Secret; formId?: string },
    options?: CallOptions & {
      /** The log-in request (or its headers), whose old `authToken` is logged out. */
      request?: Request | Headers;
    },
  ): Promise<{
    /** The user who logged in. */
    identity: Identity;
    /** The new auth token (also in `setCookie`). */
    token: string;
    /** The `Set-Cookie` value that stores the token in the browser. */
    setCookie: string;
  }> {
    // one deadline for the log-in and the old token's log-out together
    const signal = callSignal(PROVIDER, options);
    const call: CallOptions = signal ? { signal } : {};
    const { token, identity } = await this.#client.authenticate(credentials, call);
    this.#cache.rememberUser(token, identity, this.#watchLogout(token));
    this.#sessions.issued(token);
    const replaced = options?.request && readAuthToken(options.request);
    if (replaced && replaced !== token) {
      // the new log-in stands whatever happens to the old token: a failure here is only logged
      await this.#endSession(replaced, call).catch((error: unknown) => {
        if (!notAToken(error)) debugLog('cms-auth could not log the replaced token out: %s', describe(error));
      });
    }
    return { identity, token, setCookie: authTokenCookie(token, this.#cookie) };
  }

  /**
   * The user behind the request's `authToken` cookie, or `null` (also for a cookie that is not a token).
   * A service that cannot answer is an error (a `ProviderError`): see {@link tryCurrentUser}.
   */
  async currentUser(request: Request | Headers, options?: CallOptions): Promise<Identity | null> {
    const token = readAuthToken(request);
    return token ? this.#identityOf(token, options) : null;
  }

  /**
   * Like {@link currentUser}, for pages anyone may see: when the service is down or answers nonsense,
   * the visitor is anonymous (`null`) and one `NODE_DEBUG=x-auth` line says why, instead of an error.
   */
  async tryCurrentUser(request: Request | Headers, options?: CallOptions): Promise<Identity | null> {
    try {
      return await this.currentUser(request, options);
    } catch (error) {
      if (!isProviderError(error)) throw error;
      debugLog('cms-auth identity lookup failed, the request is anonymous: %s', describe(error));
      return null;
    }
  }

  /** Ask the service again (e.g. after an update-details form) and cache the answer. */
  async refresh(token: string, options?: CallOptions): Promise<Identity | null> {
    if (!this.#lookups.has(token)) this.#cache.forget(token);
    return this.#identityOf(token, options);
  }

  /**
   * Log the request's user out, at the service and (with a `store`) in every process sharing it;
   * returns the `Set-Cookie` value that clears the cookie.
   */
  async logout(
    request: Request | Headers,
    options?: CallOptions,
  ): Promise<{
    /** The `Set-Cookie` value that removes the token cookie. */
    setCookie: string;
  }> {
    const token = readAuthToken(request);
    if (token) await this.#endSession(token, options).catch(unlessNotAToken);
    return { setCookie: clearAuthTokenCookie(this.#cookie) };
  }

  /**
   * Whether a log-in or log-out request was sent by another site's page (log-in CSRF), so must be
   * refused: by `Sec-Fetch-Site`, else by `Origin` against the request's own host, unless its origin is
   * in `allowedOrigins`. A request with neither header (not a browser) is not cross-site. The adapters
   * answer such requests 403; call it yourself in other servers. Pass a Web `Request` (its URL gives the
   * host) or the three headers.
   */
  isCrossSite(request: Request | RequestSite): boolean {
    return isCrossSite(request instanceof Request ? siteOfRequest(request) : request, this.#allowedOrigins);
  }

  /** Stop listening to the store, forget every cached answer and stop following sessions. */
  close(): void {
    this.#cache.clear();
    this.#sessions.close();
  }

  /** `await using auth = new CmsAuthManager(…)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** From the cache, or one lookup shared by every caller with that token. */
  #identityOf(token: string, options: CallOptions | undefined): Promise<Identity | null> {
    const known = this.#cache.get(token);
    if (known !== undefined) return Promise.resolve(known);
    let lookup = this.#lookups.get(token);
    if (!lookup) {
      lookup = this.#lookUp(token).finally(() => this.#lookups.delete(token));
      this.#lookups.set(token, lookup);
    }
    // a caller that gives up stops waiting; the lookup goes on for the others
    return untilAborted(lookup, callSignal(PROVIDER, options), PROVIDER);
  }

  async #lookUp(token: string): Promise<Identity | null> {
    // watched from the start: a log-out announced while the service answers must not be outlived
    const unwatch = this.#watchLogout(token);
    try {
      const identity = await this.#client.getIdentity(token);
      // a log-out here or elsewhere while the service answered has marked the token refused
      const loggedOut = this.#cache.get(token) === null;
      if (identity && !loggedOut) {
        this.#cache.rememberUser(token, identity, unwatch);
        this.#sessions.used(token);
        return identity;
      }
      unwatch();
      this.#cache.rememberRefused(token);
      // a log-out under way tells of the end itself
      if (!loggedOut) this.#sessions.ended(token, 'server');
      return null;
    } catch (error) {
      unwatch();
      if (notAToken(error)) return null; // nothing was sent: nothing to remember either
      throw error; // a failure is never cached
    }
  }

  #watchLogout(token: string): () => void {
    return this.#logouts.watch(token, () => this.#droppedElsewhere(token));
  }

  /** Another process logged `token` out: refuse it from now on, without asking the service. */
  #droppedElsewhere(token: string): void {
    this.#cache.rememberRefused(token);
    this.#sessions.ended(token, 'store');
  }

  /** Log `token` out at the service, then here and everywhere that shares the store. */
  async #endSession(token: string, options: CallOptions | undefined): Promise<void> {
    // refused from now on, so that a request racing the log-out cannot cache the user again
    this.#cache.rememberRefused(token);
    await this.#client.destroyToken(token, options);
    this.#sessions.ended(token, 'logout');
    await this.#logouts.announce(token).catch((error: unknown) => {
      // the token is dead at the service; other processes learn it from their next lookup
      debugLog('cms-auth could not announce a log-out to the store: %s', describe(error));
    });
  }
}

/** A cookie that is not a token shape: the client refused it before sending anything. */
const notAToken = (error: unknown) => error instanceof ValidationError && error.field === 'token';

/**
 * A cookie is the browser's input, not the programmer's: one that is not a token shape means "nobody logged
 * in", not a `ValidationError` on every page.
 */
function unlessNotAToken(error: unknown): void {
  if (!notAToken(error)) throw error;
}

/** An error for a log line: our errors' messages are scrubbed when built; others give only their name. */
function describe(error: unknown): string {
  return isProviderError(error) ? `${error.name}: ${error.message}` : String((error as Error)?.name);
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
