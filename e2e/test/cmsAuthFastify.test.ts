import formBody from '@fastify/formbody';
import { cmsAuth, cmsLogin, cmsLogout, optionalUser, requireUser } from '@x/cms-auth/fastify';
import Fastify from 'fastify';
import { describeCmsAuthAdapter } from './cmsAuthAdapterSuite.js';

describeCmsAuthAdapter('fastify', {
  cookie: { secure: false, sameSite: 'Strict' }, // plain-http development
  expectedCookie: { secure: false, sameSite: 'Strict', path: '/' },
  multipart: false,
  async start(manager) {
    const app = Fastify();
    await app.register(formBody); // Fastify parses JSON itself; HTML forms need this
    await app.register(cmsAuth, { manager });
    app.post('/login', cmsLogin(manager));
    app.post('/logout', cmsLogout(manager));
    app.get('/me', { preHandler: requireUser }, async (request) => request.cmsUser);
    app.get('/whoami', { preHandler: optionalUser }, async (request) => ({ user: request.cmsUser }));
    app.get('/public', async () => ({ public: true }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    return { base, close: () => app.close() };
  },
});
