import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { type CmsAuthEnv, cmsAuth, cmsLogin, cmsLogout, optionalUser, requireUser } from '@x/cms-auth/hono';
import { Hono } from 'hono';
import { describeCmsAuthAdapter, onLoopback } from './cmsAuthAdapterSuite.js';

describeCmsAuthAdapter('hono', {
  cookie: { sameSite: 'None', path: '/account' },
  expectedCookie: { secure: true, sameSite: 'None', path: '/account' },
  multipart: true,
  async start(manager) {
    const app = new Hono<CmsAuthEnv>().basePath('/account');
    app.use(cmsAuth(manager));
    app.post('/login', cmsLogin(manager));
    app.post('/logout', cmsLogout(manager));
    app.get('/me', requireUser, (c) => c.json(c.get('cmsUser')));
    app.get('/whoami', optionalUser, (c) => c.json({ user: c.get('cmsUser') }));
    app.get('/public', (c) => c.json({ public: true }));
    // a guard whose CMS is down lands here (Hono's default handler would print the error and answer 500)
    app.onError((_error, c) => c.json({ error: 'ServiceUnavailable' }, 503));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    const { base, close } = await onLoopback(server);
    return { base: `${base}/account`, close };
  },
});
