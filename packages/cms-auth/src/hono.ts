/**
 * Hono 4 adapter over {@link CmsAuthManager}: {@link cmsAuth} sets `cmsUser` (see {@link CmsAuthEnv}),
 * {@link cmsLogin} and {@link cmsLogout} are ready-made routes, {@link requireUser} guards the rest.
 * `hono` is an optional peer dependency.
 *
 * @module \@x/cms-auth/hono
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { CmsAuthManager } from './authManager.js';
import type { Identity } from './cmsAuthClient.js';
import { answerLogin, NOT_LOGGED_IN } from './httpAnswers.js';

/** The Hono `Env` of an app using `cmsAuth`: `new Hono<CmsAuthEnv>()`, then `c.get('cmsUser')`. */
export interface CmsAuthEnv {
  /** The context variables `cmsAuth` sets. */
  Variables: {
    /** The logged-in site user, `null` when nobody is. */
    cmsUser: Identity | null;
  };
}

/** Middleware that sets `cmsUser` to the user behind the `authToken` cookie, or `null`. */
export function cmsAuth(manager: CmsAuthManager): MiddlewareHandler<CmsAuthEnv> {
  return async (c, next) => {
    c.set('cmsUser', await manager.currentUser(c.req.raw.headers));
    await next();
  };
}

/** Answers 401 `{ error: 'NotLoggedIn' }` unless `cmsAuth` found a user. */
export const requireUser: MiddlewareHandler<CmsAuthEnv> = async (c, next) => {
  const user = c.get('cmsUser');
  if (user === undefined) throw new Error('requireUser needs app.use(cmsAuth(manager)) before it');
  if (user === null) return c.json(NOT_LOGGED_IN, 401);
  await next();
};

/**
 * The log-in handler, e.g. `app.post('/login', cmsLogin(manager))`: `username`, `password` and `formId?`
 * from a JSON or form body, sets the cookie and answers the identity; bad credentials → 401, bad input →
 * 400, with the error's safe message.
 */
export function cmsLogin(manager: CmsAuthManager) {
  return async (c: Context): Promise<Response> => {
    const json = /^application\/(?:[\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '');
    // unparseable JSON reads as no fields: a 400 naming the missing username
    const body = json ? await c.req.json().catch(() => undefined) : await c.req.parseBody();
    const answer = await answerLogin(manager, body);
    if (answer.status === 200) c.header('Set-Cookie', answer.setCookie, { append: true });
    return c.json(answer.body, answer.status);
  };
}

/** The log-out handler: destroys the token at the service, clears the cookie and answers 204. */
export function cmsLogout(manager: CmsAuthManager) {
  return async (c: Context): Promise<Response> => {
    const { setCookie } = await manager.logout(c.req.raw.headers);
    c.header('Set-Cookie', setCookie, { append: true });
    return c.body(null, 204);
  };
}
