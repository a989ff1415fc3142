/**
 * Fastify 5 adapter over {@link CmsAuthManager}: the {@link cmsAuth} plugin puts the logged-in user on
 * `request.cmsUser`, {@link cmsLogin} and {@link cmsLogout} are ready-made routes, {@link requireUser} is the
 * guard's `preHandler`. `fastify` is an optional peer dependency.
 *
 * @module \@x/cms-auth/fastify
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CmsAuthManager } from './authManager.js';
import type { Identity } from './cmsAuthClient.js';
import { answerLogin, cookieHeaders, NOT_LOGGED_IN } from './httpAnswers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in site user, `null` when nobody is; set by the `cmsAuth` plugin. */
    cmsUser: Identity | null;
  }
}

/** What `app.register(cmsAuth, { manager })` takes. */
export interface CmsAuthPluginOptions {
  /** The manager that resolves the cookie to a user. */
  manager: CmsAuthManager;
}

const plugin: FastifyPluginAsync<CmsAuthPluginOptions> = async (app, { manager }) => {
  app.decorateRequest('cmsUser', null);
  // onRequest: the cookie is all we read, so no need to wait for the body
  app.addHook('onRequest', async (request) => {
    request.cmsUser = await manager.currentUser(cookieHeaders(request.headers.cookie));
  });
};

/**
 * The plugin that puts the user behind the `authToken` cookie (or `null`) on `request.cmsUser`:
 * `await app.register(cmsAuth, { manager })`. Marked the way `fastify-plugin` marks plugins (without the
 * dependency): not encapsulated, so the hook covers the routes of the instance that registers it, and
 * named `@x/cms-auth` for other plugins' `dependencies`.
 */
export const cmsAuth: FastifyPluginAsync<CmsAuthPluginOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@x/cms-auth',
  [Symbol.for('plugin-meta')]: { name: '@x/cms-auth', fastify: '5.x' },
});

/** A `preHandler` answering 401 `{ error: 'NotLoggedIn' }` unless the plugin found a user. */
export async function requireUser(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (request.cmsUser === undefined) throw new Error('requireUser needs app.register(cmsAuth, { manager })');
  // returning the reply tells Fastify the answer is sent: the handler does not run
  if (request.cmsUser === null) return reply.code(401).send(NOT_LOGGED_IN);
  return undefined;
}

/**
 * The log-in route handler, e.g. `app.post('/login', cmsLogin(manager))`: `username`, `password` and
 * `formId?` from the parsed body (Fastify parses JSON; register `@fastify/formbody` for HTML forms), sets
 * the cookie and answers the identity; bad credentials → 401, bad input → 400, with the safe message.
 */
export function cmsLogin(manager: CmsAuthManager) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const answer = await answerLogin(manager, request.body);
    if (answer.status === 200) reply.header('set-cookie', answer.setCookie);
    return reply.code(answer.status).send(answer.body);
  };
}

/** The log-out route handler: destroys the token at the service, clears the cookie and answers 204. */
export function cmsLogout(manager: CmsAuthManager) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const { setCookie } = await manager.logout(cookieHeaders(request.headers.cookie));
    return reply.header('set-cookie', setCookie).code(204).send();
  };
}
