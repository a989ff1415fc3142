/**
 * Hono 4 adapter over {@link CmsAuthManager}: {@link cmsAuth} makes the user available, {@link requireUser}
 * guards a route and {@link optionalUser} shows the user on a public one (both set `cmsUser`, see
 * {@link CmsAuthEnv}), {@link cmsLogin} and {@link cmsLogout} are ready-made routes that refuse other
 * sites' pages. `hono` is an optional peer dependency.
 *
 * @module \@x/cms-auth/hono
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { CmsAuthManager } from './authManager.js';
import {
  answerLogin,
  attachManager,
  CROSS_SITE_REFUSED,
  lookUpUser,
  managerOf,
  NOT_LOGGED_IN,
} from './httpAnswers.js';
import type { Identity } from './identity.js';

/** The Hono `Env` of an app using `cmsAuth`: `new Hono<CmsAuthEnv>()`, then `c.get('cmsUser')`. */
export interface CmsAuthEnv {
  /** The context variables `requireUser` and `optionalUser` set. */
  Variables: {
    /**
     * The logged-in site user, `null` when nobody is (`undefined` on a route with neither
     * `requireUser` nor `optionalUser`: nothing was looked up).
     */
    cmsUser: Identity | null | undefined;
  };
}

/**
 * Middleware that lets `requireUser` and `optionalUser` find the user behind the `authToken` cookie. It
 * calls nothing itself: only the routes that need the user look it up.
 */
export function cmsAuth(manager: CmsAuthManager): MiddlewareHandler<CmsAuthEnv> {
  return async (c, next) => {
    attachManager(c.req.raw, manager);
    await next();
  };
}

async function userOf(c: Context<CmsAuthEnv>, need: 'required' | 'optional') {
  let user = c.get('cmsUser');
  if (user === undefined) {
    const manager = managerOf(c.req.raw, 'app.use(cmsAuth(manager))');
    user = await lookUpUser(manager, c.req.raw.headers, need);
    c.set('cmsUser', user);
  }
  return user;
}

/**
 * Answers 401 `{ error: 'NotLoggedIn' }` unless the cookie is a logged-in user's (then `cmsUser`). A
 * service that cannot answer goes to your error handler (`app.onError`).
 */
export const requireUser: MiddlewareHandler<CmsAuthEnv> = async (c, next) => {
  if ((await userOf(c, 'required')) === null) return c.json(NOT_LOGGED_IN, 401);
  await next();
};

/**
 * Sets `cmsUser` to the user (or `null`) for a page anyone may see; a service that is down makes the
 * visitor anonymous, with one `NODE_DEBUG=x-auth` line, never a 500.
 */
export const optionalUser: MiddlewareHandler<CmsAuthEnv> = async (c, next) => {
  await userOf(c, 'optional');
  await next();
};

/** Whether the request comes from another site's page (its host read from the request's URL). */
const crossSite = (manager: CmsAuthManager, c: Context) => manager.isCrossSite(c.req.raw);

/**
 * The log-in handler, e.g. `app.post('/login', cmsLogin(manager))`: refuses another site's page (403),
 * before reading the body; `username`, `password` and `formId?` from a JSON or form body, sets the
 * cookie (logging out the token it replaces) and answers the identity; bad credentials → 401, bad
 * input → 400, with the error's safe message.
 */
export function cmsLogin(manager: CmsAuthManager) {
  return async (c: Context): Promise<Response> => {
    if (crossSite(manager, c)) return c.json(CROSS_SITE_REFUSED, 403);
    const json = /^application\/(?:[\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '');
    // unparseable JSON reads as no fields: a 400 naming the missing username
    const body = json ? await c.req.json().catch(() => undefined) : await c.req.parseBody();
    const answer = await answerLogin(manager, body, c.req.raw.headers);
    if (answer.status === 200) c.header('Set-Cookie', answer.setCookie, { append: true });
    return c.json(answer.body, answer.status);
  };
}

/**
 * The log-out handler: refuses another site's page (403); destroys the token at the service, clears
 * the cookie and answers 204.
 */
export function cmsLogout(manager: CmsAuthManager) {
  return async (c: Context): Promise<Response> => {
    if (crossSite(manager, c)) return c.json(CROSS_SITE_REFUSED, 403);
    const { setCookie } = await manager.logout(c.req.raw.headers);
    c.header('Set-Cookie', setCookie, { append: true });
    return c.body(null, 204);
  };
}
