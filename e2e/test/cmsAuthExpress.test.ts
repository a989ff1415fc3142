import { createServer } from 'node:http';
import { cmsAuth, cmsLogin, cmsLogout, optionalUser, requireUser } from '@x/cms-auth/express';
import express from 'express';
import { describeCmsAuthAdapter, onLoopback } from './cmsAuthAdapterSuite.js';

describeCmsAuthAdapter('express', {
  cookie: {}, // the defaults
  expectedCookie: { secure: true, sameSite: 'Lax', path: '/' },
  multipart: false,
  start(manager) {
    const app = express();
    app.use(cmsAuth(manager));
    app.post('/login', cmsLogin(manager));
    app.post('/logout', cmsLogout(manager));
    app.get('/me', requireUser, (req, res) => {
      res.json(req.cmsUser);
    });
    app.get('/whoami', optionalUser, (req, res) => {
      res.json({ user: req.cmsUser });
    });
    app.get('/public', (_req, res) => {
      res.json({ public: true });
    });
    return onLoopback(createServer(app));
  },
});
