import type { Request as ExpressRequest, RequestHandler } from 'express';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context, Hono } from 'hono';
import { expectTypeOf, test } from 'vitest';
import * as expressAdapter from '../src/express.js';
import * as fastifyAdapter from '../src/fastify.js';
import * as honoAdapter from '../src/hono.js';
import type { CmsAuthManager, Identity } from '../src/index.js';

test('express: req.cmsUser through declaration merging; the handlers fit app.use and app.post', () => {
  expectTypeOf<ExpressRequest['cmsUser']>().toEqualTypeOf<Identity | null | undefined>();
  expectTypeOf(expressAdapter.cmsAuth).returns.toEqualTypeOf<RequestHandler>();
  expectTypeOf(expressAdapter.requireUser).toEqualTypeOf<RequestHandler>();
  expectTypeOf(expressAdapter.optionalUser).toEqualTypeOf<RequestHandler>();
  expectTypeOf(expressAdapter.cmsLogin).returns.toEqualTypeOf<RequestHandler[]>();
});

test('fastify: request.cmsUser; the plugin takes the manager', () => {
  expectTypeOf<FastifyRequest['cmsUser']>().toEqualTypeOf<Identity | null | undefined>();
  (app: FastifyInstance, manager: CmsAuthManager) => {
    app.register(fastifyAdapter.cmsAuth, { manager });
    // @ts-expect-error the manager is required
    app.register(fastifyAdapter.cmsAuth, {});
    app.get('/me', { preHandler: fastifyAdapter.requireUser }, async (request) => request.cmsUser);
    app.get('/', { preHandler: fastifyAdapter.optionalUser }, async (request) => request.cmsUser);
    app.post('/login', fastifyAdapter.cmsLogin(manager));
  };
});

test("hono: c.get('cmsUser') is typed through CmsAuthEnv", () => {
  (c: Context<honoAdapter.CmsAuthEnv>) =>
    expectTypeOf(c.get('cmsUser')).toEqualTypeOf<Identity | null | undefined>();
  (app: Hono<honoAdapter.CmsAuthEnv>, manager: CmsAuthManager) => {
    app.use(honoAdapter.cmsAuth(manager));
    app.get('/me', honoAdapter.requireUser, (c) => c.json(c.get('cmsUser')));
    app.get('/', honoAdapter.optionalUser, (c) => c.json(c.get('cmsUser')));
    app.post('/login', honoAdapter.cmsLogin(manager));
  };
});
