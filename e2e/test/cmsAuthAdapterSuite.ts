import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CmsAuthClient, CmsAuthManager, type CookieOptions, CROSS_SITE_REFUSED } from '@x/cms-auth';
import { type Emulator, startEmulator } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** An app listening on loopback with the adapter's routes (see `describeCmsAuthAdapter`). */
export interface AdapterApp {
  /** `http://127.0.0.1:<port>` and the routes' prefix, if any */
  base: string;
  close(): Promise<void>;
}

export interface AdapterUnderTest {
  /** The manager's cookie options, as a user would configure them. */
  cookie: CookieOptions;
  /** The attributes those options must put on the `Set-Cookie` header. */
  expectedCookie: { secure: boolean; sameSite: 'Strict' | 'Lax' | 'None'; path: string };
  /** Whether the log-in route reads multipart bodies (Hono does by itself; the others need a plugin). */
  multipart: boolean;
  /**
   * Start a real app on 127.0.0.1 port 0 with `POST /login`, `POST /logout`, `GET /me` behind
   * `requireUser` (answers the user), `GET /whoami` behind `optionalUser` answering `{ user }`, and
   * `GET /public` answering `{ public: true }` without asking for the user.
   */
  start(manager: CmsAuthManager): Promise<AdapterApp>;
}

const SECRET_PASSWORD = 'Sup3r-secret-passw0rd';
/** An origin the suite's manager lists in `allowedOrigins`. */
const FRONT_END = 'https://www.example.com';

/** `Set-Cookie` → the `name=value` pair and the attributes, names lower-cased (flags map to `true`). */
function parseSetCookie(header: string | null) {
  expect(header).toBeTypeOf('string');
  const [pair, ...rest] = header!.split(';').map((part) => part.trim());
  const attributes = new Map<string, string | true>(
    rest.map((attribute) => {
      const at = attribute.indexOf('=');
      return at < 0
        ? [attribute.toLowerCase(), true]
        : [attribute.slice(0, at).toLowerCase(), attribute.slice(at + 1)];
    }),
  );
  return { pair: pair!, attributes };
}

/**
 * The behaviour every framework adapter owes its users, written once and run against Express, Fastify and
 * Hono apps on real sockets, with the emulator as the Recite CMS.
 */
export function describeCmsAuthAdapter(framework: string, adapter: AdapterUnderTest): void {
  describe(`@x/cms-auth/${framework}`, () => {
    let emulator: Emulator;
    let cms: CmsAuthClient;
    let app: AdapterApp;
    beforeEach(async () => {
      emulator = await startEmulator();
      cms = new CmsAuthClient({ site: emulator.urls.cmsSite });
      app = await adapter.start(
        new CmsAuthManager(cms, { cookie: adapter.cookie, allowedOrigins: [FRONT_END] }),
      );
    });
    afterEach(async () => {
      await app.close();
      await emulator.close();
    });

    const isJson = (body: unknown): body is object =>
      typeof body === 'object' && !(body instanceof URLSearchParams) && !(body instanceof FormData);
    const post = (
      path: string,
      body: string | URLSearchParams | FormData | object,
      cookie?: string,
      site: Record<string, string> = {},
    ) =>
      fetch(`${app.base}${path}`, {
        method: 'POST',
        headers: {
          ...(isJson(body) ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
          ...site,
        },
        body: isJson(body) ? JSON.stringify(body) : body,
      });
    /** What a browser sends with a form post from a page on `origin`. */
    const from = (origin: string, secFetchSite?: string): Record<string, string> => ({
      origin,
      ...(secFetchSite ? { 'sec-fetch-site': secFetchSite } : {}),
    });
    const ownOrigin = () => new URL(app.base).origin;
    const aliceForm = () => new URLSearchParams({ username: 'alice', password: 'wonderland' });
    const logIn = async () => {
      const login = await post('/login', aliceForm());
      expect(login.status).toBe(200);
      const cookie = parseSetCookie(login.headers.get('set-cookie')).pair;
      return { cookie, token: decodeURIComponent(cookie.slice('authToken='.length)) };
    };
    const get = (path: string, cookie?: string) =>
      fetch(`${app.base}${path}`, { headers: cookie ? { cookie } : {} });

    it('logs in (cookie flags as configured), shows the user on a guarded route, logs out', async () => {
      expect((await get('/whoami').then((r) => r.json())) as unknown).toEqual({ user: null });
      const anonymous = await get('/me');
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: 'NotLoggedIn', message: 'log in first' });

      const login = await post('/login', { username: 'alice', password: 'wonderland' });
      expect(login.status).toBe(200);
      expect(await login.json()).toMatchObject({ id: '1001', username: 'alice', firstName: 'Alice' });
      const set = parseSetCookie(login.headers.get('set-cookie'));
      expect(set.pair).toMatch(/^authToken=[\w%-]+$/);
      expect(set.attributes.get('httponly')).toBe(true);
      expect(set.attributes.has('secure')).toBe(adapter.expectedCookie.secure);
      expect(set.attributes.get('samesite')).toBe(adapter.expectedCookie.sameSite);
      expect(set.attributes.get('path')).toBe(adapter.expectedCookie.path);
      const cookie = set.pair;
      const token = decodeURIComponent(cookie.slice('authToken='.length));
      expect(await cms.isValidToken(token)).toBe(true);

      const me = await get('/me', cookie);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: '1001', username: 'alice', email: 'alice@example.com' });
      expect(await get('/whoami', cookie).then((r) => r.json())).toMatchObject({
        user: { username: 'alice' },
      });

      const logout = await post('/logout', '', cookie);
      expect(logout.status).toBe(204);
      const cleared = parseSetCookie(logout.headers.get('set-cookie'));
      expect(cleared.pair).toBe('authToken=');
      expect(cleared.attributes.get('max-age')).toBe('0');
      expect(cleared.attributes.get('path')).toBe(adapter.expectedCookie.path); // else the browser keeps it
      expect(await cms.isValidToken(token)).toBe(false); // destroyed at the service, not just forgotten

      expect((await get('/me', cookie)).status).toBe(401);
      expect(await get('/whoami', cookie).then((r) => r.json())).toEqual({ user: null });
    });

    it('logs in from an HTML form body, through the form named by formId', async () => {
      const login = await post(
        '/login',
        new URLSearchParams({ username: 'bob', password: 'builder', formId: '11' }),
      );
      expect(login.status).toBe(200);
      expect(await login.json()).toMatchObject({ id: '1002', username: 'bob' });
      const cookie = parseSetCookie(login.headers.get('set-cookie')).pair;
      expect(await get('/me', cookie).then((r) => r.json())).toMatchObject({ username: 'bob' });
      // bob's directory is the one form 11 logs in from; the default form refuses him
      const wrongForm = await post('/login', new URLSearchParams({ username: 'bob', password: 'builder' }));
      expect(wrongForm.status).toBe(401);
    });

    it('a wrong password → 401 with the safe message; the password is nowhere in the answer', async () => {
      const refused = await post('/login', { username: 'alice', password: SECRET_PASSWORD });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('set-cookie')).toBeNull();
      const text = await refused.text();
      expect(JSON.parse(text)).toEqual({
        error: 'CmsLoginError',
        message: 'cms-auth: log-in failed: Invalid username or password',
        errors: ['Invalid username or password'],
      });
      expect(text).not.toContain(SECRET_PASSWORD);
      expect([...refused.headers.values()].join('\n')).not.toContain(SECRET_PASSWORD);
    });

    it('bad input → 400 naming the field, and nothing reaches the service', async () => {
      const before = emulator.counters('cms-auth').requests;
      const noPassword = await post('/login', { username: 'alice' });
      expect(noPassword.status).toBe(400);
      expect(await noPassword.json()).toEqual({
        error: 'ValidationError',
        message: 'cms-auth: password is required',
        field: 'password',
      });
      const badForm = await post(
        '/login',
        new URLSearchParams({ username: 'a', password: 'b', formId: '1;2' }),
      );
      expect(badForm.status).toBe(400);
      expect(await badForm.json()).toMatchObject({ field: 'formId' });
      expect(emulator.counters('cms-auth').requests).toBe(before);
    });

    it('a cookie that is not a token means nobody is logged in (401, not 500); log-out still clears it', async () => {
      const junk = 'authToken=%3Cscript%3E';
      expect((await get('/me', junk)).status).toBe(401);
      expect(await get('/whoami', junk).then((r) => r.json())).toEqual({ user: null });
      const logout = await post('/logout', '', junk);
      expect(logout.status).toBe(204);
      expect(parseSetCookie(logout.headers.get('set-cookie')).pair).toBe('authToken=');
    });

    it('a log-in form posted from another site gets 403 and no cookie; nothing reaches the service', async () => {
      const before = emulator.counters('cms-auth').requests;
      const attempts: Array<[string, Record<string, string>, URLSearchParams | FormData]> = [
        ['a cross-site page', from('https://evil.example', 'cross-site'), aliceForm()],
        ['a sibling subdomain', from('https://evil.127.0.0.1.nip.io', 'same-site'), aliceForm()],
        ['an older browser (Origin only)', from('https://evil.example'), aliceForm()],
        ['a sandboxed frame (Origin: null)', from('null'), aliceForm()],
      ];
      if (adapter.multipart) {
        const multipart = new FormData();
        multipart.set('username', 'alice');
        multipart.set('password', 'wonderland');
        attempts.push(['a multipart form', from('https://evil.example', 'cross-site'), multipart]);
      }
      for (const [who, site, body] of attempts) {
        const refused = await post('/login', body, undefined, site);
        expect(refused.status, who).toBe(403);
        expect(refused.headers.get('set-cookie'), who).toBeNull();
        expect(await refused.json(), who).toEqual(CROSS_SITE_REFUSED);
      }
      expect(emulator.counters('cms-auth').requests).toBe(before);
    });

    it('a log-in from its own page, an allowed origin or no browser at all still works', async () => {
      const attempts: Array<[string, Record<string, string>]> = [
        ['Sec-Fetch-Site: same-origin', from(ownOrigin(), 'same-origin')],
        ['an older browser, same host', from(ownOrigin())],
        ['an allowedOrigins page', from(FRONT_END, 'cross-site')],
        ['curl (neither header)', {}],
      ];
      for (const [who, site] of attempts) {
        const login = await post('/login', aliceForm(), undefined, site);
        expect(login.status, who).toBe(200);
        expect(parseSetCookie(login.headers.get('set-cookie')).pair, who).toMatch(/^authToken=\w/);
      }
    });

    it('a log-out posted from another site gets 403: the token stays live and the cookie stays', async () => {
      const { cookie, token } = await logIn();
      const refused = await post('/logout', '', cookie, from('https://evil.example', 'cross-site'));
      expect(refused.status).toBe(403);
      expect(refused.headers.get('set-cookie')).toBeNull();
      expect(await cms.isValidToken(token)).toBe(true);
      const own = await post('/logout', '', cookie, from(ownOrigin(), 'same-origin'));
      expect(own.status).toBe(204);
      expect(await cms.isValidToken(token)).toBe(false);
    });

    it('a second log-in in the same browser logs the token it replaces out', async () => {
      const first = await logIn();
      const again = await post('/login', aliceForm(), first.cookie);
      expect(again.status).toBe(200);
      const second = parseSetCookie(again.headers.get('set-cookie')).pair;
      expect(second).not.toBe(first.cookie);
      expect(await cms.isValidToken(first.token)).toBe(false);
      expect((await get('/me', first.cookie)).status).toBe(401);
      expect((await get('/me', second)).status).toBe(200);
    });

    it('only the routes that need the user look it up', async () => {
      const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
      const cookie = `authToken=${token}`;
      const before = emulator.counters('cms-auth').requests;
      for (let i = 0; i < 5; i++) {
        expect(await get('/public', cookie).then((r) => r.json())).toEqual({ public: true });
      }
      expect(emulator.counters('cms-auth').requests).toBe(before);
      expect((await get('/me', cookie)).status).toBe(200);
      expect(emulator.counters('cms-auth').requests).toBe(before + 1);
    });

    it('with the CMS down, public routes answer 200 (the visitor is anonymous); a guard fails', async () => {
      const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
      const cookie = `authToken=${token}`;
      emulator.inject('cms-auth', { type: 'reset' }, { times: Number.POSITIVE_INFINITY });
      const whoami = await get('/whoami', cookie);
      expect(whoami.status).toBe(200);
      expect(await whoami.json()).toEqual({ user: null });
      expect((await get('/public', cookie)).status).toBe(200);
      expect((await get('/me', cookie)).status).toBeGreaterThanOrEqual(500);
      emulator.clearFaults();
      // a failure is not remembered: once the CMS is back, so is the user
      expect(await get('/whoami', cookie).then((r) => r.json())).toMatchObject({
        user: { username: 'alice' },
      });
    });
  });
}

/** A Node server (Express's, `@hono/node-server`'s) on 127.0.0.1 port 0, as an `AdapterApp`. */
export async function onLoopback(server: Server): Promise<AdapterApp> {
  if (!server.listening) server.listen(0, '127.0.0.1');
  if (!server.listening) await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
