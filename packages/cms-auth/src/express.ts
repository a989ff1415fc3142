/**
 * Express 5 adapter over {@link CmsAuthManager}: {@link cmsAuth} makes the user available, {@link requireUser}
 * guards a route and {@link optionalUser} shows the user on a public one (both set `req.cmsUser`),
 * {@link cmsLogin} and {@link cmsLogout} are ready-made routes that refuse other sites' pages.
 * `express` is an optional peer dependency.
 *
 * @module \@x/cms-auth/express
 */
import express, { type Request, type RequestHandler } from 'express';
import type { CmsAuthManager } from './authManager.js';
import {
  answerLogin,
  attachManager,
  CROSS_SITE_REFUSED,
  cookieHeaders,
  lookUpUser,
  managerOf,
  NOT_LOGGED_IN,
  nodeRequestSite,
} from './httpAnswers.js';
import type { Identity } from './identity.js';

declare global {
  namespace Express {
    interface Request {
      /**
       * The logged-in site user, `null` when nobody is; set by `requireUser` or `optionalUser`
       * (`undefined` on a route that has neither: nothing was looked up).
       */
      cmsUser?: Identity | null;
    }
  }
}

/**
 * Middleware that lets `requireUser` and `optionalUser` find the user behind the `authToken` cookie. It
 * calls nothing itself: only the routes that need the user look it up.
 */
export function cmsAuth(manager: CmsAuthManager): RequestHandler {
  return (req, _res, next) => {
    attachManager(req, manager);
    next();
  };
}

const SETUP = 'app.use(cmsAuth(manager))';

function userLookup(need: 'required' | 'optional') {
  return async (req: Request) => {
    req.cmsUser ??= await lookUpUser(managerOf(req, SETUP), cookieHeaders(req.headers.cookie), need);
    return req.cmsUser;
  };
}
const requiredUser = userLookup('required');
const optionalUserOf = userLookup('optional');

/**
 * Answers 401 `{ error: 'NotLoggedIn' }` unless the request's cookie is a logged-in user's (then on
 * `req.cmsUser`). A service that cannot answer goes to your error handler: who it is cannot be told.
 */
export const requireUser: RequestHandler = async (req, res, next) => {
  if ((await requiredUser(req)) === null) res.status(401).json(NOT_LOGGED_IN);
  else next();
};

/**
 * Puts the user (or `null`) on `req.cmsUser` for a page anyone may see; a service that is down makes the
 * visitor anonymous, with one `NODE_DEBUG=x-auth` line, never a 500.
 */
export const optionalUser: RequestHandler = async (req, _res, next) => {
  await optionalUserOf(req);
  next();
};

/** Answers 403 `{ error: 'CrossSiteRequest' }` to another site's page, before any body is read. */
function sameSiteOnly(manager: CmsAuthManager): RequestHandler {
  return (req, res, next) => {
    if (manager.isCrossSite(nodeRequestSite(req.headers))) res.status(403).json(CROSS_SITE_REFUSED);
    else next();
  };
}

/**
 * The log-in route, e.g. `app.post('/login', cmsLogin(manager))`: refuses another site's page (403),
 * reads `username`, `password` and `formId?` from a JSON or urlencoded body (parsing it unless a body
 * parser already did), sets the cookie (logging out the token it replaces) and answers the identity;
 * bad credentials → 401, bad input → 400, with the error's safe message.
 */
export function cmsLogin(manager: CmsAuthManager): RequestHandler[] {
  return [
    sameSiteOnly(manager),
    express.json(),
    express.urlencoded({ extended: false }),
    async (req, res) => {
      const answer = await answerLogin(manager, req.body, cookieHeaders(req.headers.cookie));
      if (answer.status === 200) res.append('Set-Cookie', answer.setCookie);
      res.status(answer.status).json(answer.body);
    },
  ];
}

/**
 * The log-out route: refuses another site's page (403); destroys the token at the service, clears the
 * cookie and answers 204.
 */
export function cmsLogout(manager: CmsAuthManager): RequestHandler {
  return async (req, res) => {
    if (manager.isCrossSite(nodeRequestSite(req.headers))) {
      res.status(403).json(CROSS_SITE_REFUSED);
      return;
    }
    const { setCookie } = await manager.logout(cookieHeaders(req.headers.cookie));
    res.append('Set-Cookie', setCookie).status(204).end();
  };
}
