import { ValidationError } from '@x/core';
import type { CmsAuthManager } from './authManager.js';
import { CmsLoginError } from './cmsErrors.js';
import type { RequestSite } from './crossSiteRequests.js';
import type { Identity } from './identity.js';

// What the Express, Fastify and Hono adapters answer, decided once here; each adapter only speaks its
// framework's request and reply.

/** The JSON body of a refusal: the error's name and its safe message, never a password or token. */
export interface RefusalBody {
  /**
   * Which refusal: `NotLoggedIn` (401 from `requireUser`), `CrossSiteRequest` (403: another site's page
   * tried to log in or out), `CmsLoginError` (401: bad credentials), `ValidationError` (400: bad input).
   */
  error: 'NotLoggedIn' | 'CrossSiteRequest' | 'CmsLoginError' | 'ValidationError';
  /** What went wrong, fit to show (already free of secrets). */
  message: string;
  /** The input at fault (a `ValidationError`'s field). */
  field?: string;
  /** The service's own messages for a failed log-in, fit to show under the form. */
  errors?: string[];
}

/** The answer to a log-in: the identity and the cookie to set, or a refusal. */
export type LoginAnswer =
  | { status: 200; body: Identity; setCookie: string }
  | { status: 400 | 401 | 403; body: RefusalBody };

/** The body `requireUser` answers with its 401. */
export const NOT_LOGGED_IN: Readonly<RefusalBody> = Object.freeze({
  error: 'NotLoggedIn',
  message: 'log in first',
});

/** The body of the 403 to a log-in or log-out sent from another site's page. */
export const CROSS_SITE_REFUSED: Readonly<RefusalBody> = Object.freeze({
  error: 'CrossSiteRequest',
  message: 'log-in and log-out are refused from another site',
});

const field = (body: unknown, name: string): string | undefined => {
  const value =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * Log in with `username`, `password` and `formId?` from a parsed JSON or form body; the token in the
 * request's cookie, if any, is logged out. Bad credentials → 401, bad input → 400 (the client's
 * `ValidationError`, nothing sent); any other error is thrown for the framework's error handler.
 */
export async function answerLogin(
  manager: CmsAuthManager,
  body: unknown,
  request: Headers,
): Promise<LoginAnswer> {
  try {
    const { identity, setCookie } = await manager.login(
      {
        username: field(body, 'username') ?? '',
        password: field(body, 'password') ?? '',
        formId: field(body, 'formId'),
      },
      { request },
    );
    return { status: 200, body: identity, setCookie };
  } catch (error) {
    if (error instanceof CmsLoginError) {
      return { status: 401, body: { error: 'CmsLoginError', message: error.message, errors: error.errors } };
    }
    if (error instanceof ValidationError) {
      return { status: 400, body: { error: 'ValidationError', message: error.message, field: error.field } };
    }
    throw error;
  }
}

/** Node's request headers as the `Headers` the manager reads: the cookie (and the log-in's old token). */
export function cookieHeaders(cookie: string | undefined): Headers {
  return new Headers(cookie === undefined ? {} : { cookie });
}

/** The three headers the cross-site check reads, from a Node request's headers. */
export function nodeRequestSite(headers: Record<string, string | string[] | undefined>): RequestSite {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return { host: one('host'), origin: one('origin'), secFetchSite: one('sec-fetch-site') };
}

/**
 * The managers the `cmsAuth` middleware put on requests. Nothing is looked up until a route asks
 * (`requireUser`, `optionalUser`): a page that never shows the user costs no call to the service.
 */
const managers = new WeakMap<object, CmsAuthManager>();

/** Give `request` (the framework's request or context object) its manager. */
export function attachManager(request: object, manager: CmsAuthManager): void {
  managers.set(request, manager);
}

/** The request's manager; `setup` says how to attach one, for the programmer who forgot. */
export function managerOf(request: object, setup: string): CmsAuthManager {
  const manager = managers.get(request);
  if (!manager) throw new Error(`requireUser and optionalUser need ${setup} before them`);
  return manager;
}

/**
 * The user for a guard (`required`: a service that cannot answer is an error for the framework's handler)
 * or for a page anyone may see (`optional`: then the visitor is anonymous, with one log line).
 */
export function lookUpUser(
  manager: CmsAuthManager,
  request: Headers,
  need: 'required' | 'optional',
): Promise<Identity | null> {
  return need === 'required' ? manager.currentUser(request) : manager.tryCurrentUser(request);
}
