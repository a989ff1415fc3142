/**
 * Express 5 adapter over {@link CmsAuthManager}: {@link cmsAuth} puts the logged-in user on `req.cmsUser`,
 * {@link cmsLogin} and {@link cmsLogout} are ready-made routes, {@link requireUser} guards the rest.
 * `express` is an optional peer dependency.
 *
 * @module \@x/cms-auth/express
 */
import express, { type RequestHandler } from 'express';
import type { CmsAuthManager } from './authManager.js';
import type { Identity } from './cmsAuthClient.js';
import { answerLogin, cookieHeaders, NOT_LOGGED_IN } from './httpAnswers.js';

declare global {
  namespace Express {
    interface Request {
      /** The logged-in site user, `null` when nobody is; set by `cmsAuth(manager)`. */
      cmsUser?: Identity | null;
    }
  }
}

/** Middleware that puts the user behind the `authToken` cookie (or `null`) on `req.cmsUser`. */
export function cmsAuth(manager: CmsAuthManager): RequestHandler {
  return async (req, _res, next) => {
    req.cmsUser = await manager.currentUser(cookieHeaders(req.headers.cookie));
    next();
  };
}

/** Answers 401 `{ error: 'NotLoggedIn' }` unless `cmsAuth` found a user. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.cmsUser === undefined) throw new Error('requireUser needs app.use(cmsAuth(manager)) before it');
  if (req.cmsUser === null) res.status(401).json(NOT_LOGGED_IN);
  else next();
};

/**
 * The log-in route, e.g. `app.post('/login', cmsLogin(manager))`: reads `username`, `password` and
 * `formId?` from a JSON or urlencoded body (parsing it unless a body parser already did), sets the cookie
 * and answers the identity; bad credentials → 401, bad input → 400, with the error's safe message.
 */
export function cmsLogin(manager: CmsAuthManager): RequestHandler[] {
  return [
    express.json(),
    express.urlencoded({ extended: false }),
    async (req, res) => {
      const answer = await answerLogin(manager, req.body);
      if (answer.status === 200) res.append('Set-Cookie', answer.setCookie);
      res.status(answer.status).json(answer.body);
    },
  ];
}

/** The log-out route: destroys the token at the service, clears the cookie and answers 204. */
export function cmsLogout(manager: CmsAuthManager): RequestHandler {
  return async (req, res) => {
    const { setCookie } = await manager.logout(cookieHeaders(req.headers.cookie));
    res.append('Set-Cookie', setCookie).status(204).end();
  };
}
