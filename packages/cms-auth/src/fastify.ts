/**
 * Fastify 5 adapter over {@link CmsAuthManager}: the {@link cmsAuth} plugin makes the user available,
 * {@link requireUser} (a guard) and {@link optionalUser} (a public page) are `preHandler`s that set
 * `request.cmsUser`, {@link cmsLogin} and {@link cmsLogout} are ready-made routes that refuse other sites'
 * pages. `fastify` is an optional peer dependency.
 *
 * @module \@x/cms-auth/fastify
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The logged-in site user, `null` when nobody is; set by the `requireUser` or `optionalUser`
     * `preHandler` (`undefined` on a route that has neither: nothing was looked up).
     */
    cmsUser: Identity | null | undefined;
  }
}

/** What `app.register(cmsAuth, { manager })` takes. */
export interface CmsAuthPluginOptions {
  /** The manager that resolves the cookie to a user. */
  manager: CmsAuthManager;
}

const plugin: FastifyPluginAsync<CmsAuthPluginOptions> = async (app, { manager }) => {
  app.decorateRequest('cmsUser', undefined);
  // nothing is looked up here: only the routes whose preHandler asks for the user call the service
  app.addHook('onRequest', async (request) => {
    attachManager(request, manager);
  });
};

/**
 * The plugin that lets `requireUser` and `optionalUser` find the user behind the `authToken` cookie:
 * `await app.register(cmsAuth, { manager })`. Marked the way `fastify-plugin` marks plugins (without the
 * dependency): not encapsulated, so the hook covers the routes of the instance that registers it, and
 * named `@x/cms-auth` for other plugins' `dependencies`.
 */
export const cmsAuth: FastifyPluginAsync<CmsAuthPluginOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@x/cms-auth',
  [Symbol.for('plugin-meta')]: { name: '@x/cms-auth', fastify: '5.x' },
});

const SETUP = 'app.register(cmsAuth, { manager })';

async function userOf(request: FastifyRequest, need: 'required' | 'optional') {
  request.cmsUser ??= await lookUpUser(
    managerOf(request, SETUP),
    cookieHeaders(request.headers.cookie),
    need,
  );
  return request.cmsUser;
}

/**
 * A `preHandler` answering 401 `{ error: 'NotLoggedIn' }` unless the cookie is a logged-in user's (then
 * on `request.cmsUser`). A service that cannot answer goes to your error handler.
 */
export async function requireUser(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  // returning the reply tells Fastify the answer is sent: the handler does not run
  if ((await userOf(request, 'required')) === null) return reply.code(401).send(NOT_LOGGED_IN);
  return undefined;
}

/**
 * A `preHandler` putting the user (or `null`) on `request.cmsUser` for a page anyone may see; a service
 * that is down makes the visitor anonymous, with one `NODE_DEBUG=x-auth` line, never a 500.
 */
export async function optionalUser(request: FastifyRequest): Promise<void> {
  await userOf(request, 'optional');
}

/** The 403 `{ error: 'CrossSiteRequest' }` to another site's page, or `undefined` to go on. */
function refuseCrossSite(manager: CmsAuthManager, request: FastifyRequest, reply: FastifyReply) {
  return manager.isCrossSite(nodeRequestSite(request.headers))
    ? reply.code(403).send(CROSS_SITE_REFUSED)
    : undefined;
}

/**
 * The log-in route handler, e.g. `app.post('/login', cmsLogin(manager))`: refuses another site's page
 * (403); `username`, `password` and `formId?` from the parsed body (Fastify parses JSON; register
 * `@fastify/formbody` for HTML forms), sets the cookie (logging out the token it replaces) and answers
 * the identity; bad credentials → 401, bad input → 400, with the safe message.
 */
export function cmsLogin(manager: CmsAuthManager) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const refused = refuseCrossSite(manager, request, reply);
    if (refused) return refused;
    const answer = await answerLogin(manager, request.body, cookieHeaders(request.headers.cookie));
    if (answer.status === 200) reply.header('set-cookie', answer.setCookie);
    return reply.code(answer.status).send(answer.body);
  };
}

/**
 * The log-out route handler: refuses another site's page (403); destroys the token at the service,
 * clears the cookie and answers 204.
 */
export function cmsLogout(manager: CmsAuthManager) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const refused = refuseCrossSite(manager, request, reply);
    if (refused) return refused;
    const { setCookie } = await manager.logout(cookieHeaders(request.headers.cookie));
    return reply.header('set-cookie', setCookie).code(204).send();
  };
}
