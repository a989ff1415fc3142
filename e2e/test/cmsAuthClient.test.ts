import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  authTokenCookie,
  CmsAuthClient,
  CmsAuthManager,
  CmsFormError,
  CmsLoginError,
  clearAuthTokenCookie,
  fromNodeRequest,
  readAuthToken,
} from '@x/cms-auth';
import { ValidationError } from '@x/core';
import { ManualClock } from '@x/core/testing';
import { type Emulator, SEEDED, startEmulator } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const alice = SEEDED.cms.users[0]!;
const MARKUP_PASSWORD = '</password><username>admin</username><![CDATA[&]]>';
let emulator: Emulator;
let clock: ManualClock;
let cms: CmsAuthClient;
beforeEach(async () => {
  clock = new ManualClock();
  emulator = await startEmulator({
    clock,
    accounts: {
      cmsUsers: [
        { ...alice, id: '1099', username: 'markup', password: MARKUP_PASSWORD, email: 'm@example.com' },
      ],
    },
  });
  cms = new CmsAuthClient({ site: emulator.urls.cmsSite });
});
afterEach(() => emulator.close());

describe('CmsAuthClient', () => {
  it('builds the WSDL URL from the site', () => {
    expect(new CmsAuthClient({ site: 'https://www.example.com/' }).wsdlUrl).toBe(
      'https://www.example.com/__/webservices/auth?wsdl',
    );
  });

  it('log-in through a form, identity, 59 idle minutes → valid, 61 → invalid', async () => {
    const { token, identity } = await cms.authenticate({
      username: 'alice',
      password: 'wonderland',
      formId: '10',
    });
    expect(identity).toMatchObject({
      id: '1001',
      username: 'alice',
      email: 'alice@example.com',
      firstName: 'Alice',
    });
    expect(await cms.getIdentity(token)).toEqual(identity);
    await clock.advance(59 * 60_000);
    expect(await cms.isValidToken(token)).toBe(true);
    await clock.advance(61 * 60_000);
    expect(await cms.isValidToken(token)).toBe(false);
    expect(await cms.getIdentity(token)).toBeNull();
  });

  it('log-out → invalid', async () => {
    const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
    expect(await cms.destroyToken(token)).toBe(true);
    expect(await cms.isValidToken(token)).toBe(false);
  });

  it('a failed log-in → CmsLoginError (an AuthenticationError) with the service messages', async () => {
    const error = (await cms
      .authenticate({ username: 'alice', password: 'nope' })
      .catch((e: unknown) => e)) as CmsLoginError;
    expect(error).toBeInstanceOf(CmsLoginError);
    expect(error.name).toBe('CmsLoginError');
    expect(error.errors).toEqual(['Invalid username or password']);
    const wrongForm = (await cms
      .authenticate({ username: 'alice', password: 'wonderland', formId: '11' })
      .catch((e: unknown) => e)) as CmsLoginError;
    expect(wrongForm.errors).toEqual(['Invalid username or password']);
    expect(inspect(error, { depth: 9 })).not.toContain('nope');
  });

  it('the update-details form succeeds with the authToken cookie and fails without it', async () => {
    const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
    const without = (await cms
      .submitForm({ formId: '20', fields: { firstName: 'Alicia' } })
      .catch((e: unknown) => e)) as CmsFormError;
    expect(without).toBeInstanceOf(CmsFormError);
    expect(without.errors).toEqual(['You must be logged in to update your details']);
    await cms.submitForm({ formId: '20', fields: { firstName: 'Alicia' }, authToken: token });
    expect((await cms.getIdentity(token))?.firstName).toBe('Alicia');
  });

  it('a password with XML markup reaches the server literally', async () => {
    const { identity } = await cms.authenticate({ username: 'markup', password: MARKUP_PASSWORD });
    expect(identity.username).toBe('markup');
  });

  it('bad input is rejected before anything is sent', async () => {
    await expect(cms.authenticate({ username: '', password: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(cms.authenticate({ username: 'a', password: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(cms.authenticate({ username: 'a', password: 'b', formId: '1 OR 1' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(cms.isValidToken('<x>')).rejects.toBeInstanceOf(ValidationError);
    expect(() => new CmsAuthClient({})).toThrow(ValidationError);
    expect(() => new CmsAuthClient({ wsdl: 'not a url' })).toThrow(ValidationError);
    expect(emulator.counters('cms-auth').requests).toBe(0);
  });
});

describe('authToken cookie helpers', () => {
  it('read, set and clear', () => {
    expect(readAuthToken('a=1; authToken=abc%2F123; b=2')).toBe('abc/123');
    expect(readAuthToken(new Request('http://x', { headers: { cookie: 'authToken=t0k' } }))).toBe('t0k');
    expect(readAuthToken('authTokenX=1')).toBeUndefined();
    expect(authTokenCookie('abc')).toBe('authToken=abc; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(
      authTokenCookie('abc', { maxAge: 3600, sameSite: 'Strict', secure: false, domain: 'example.com' }),
    ).toBe('authToken=abc; Max-Age=3600; Path=/; HttpOnly; SameSite=Strict; Domain=example.com');
    expect(clearAuthTokenCookie()).toMatch(
      /^authToken=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\/; HttpOnly/,
    );
  });

  it('reads the header as RFC 6265 writes it: quotes taken off, spaces ignored, the first of two wins', () => {
    expect(readAuthToken('authToken="abc"')).toBe('abc');
    expect(readAuthToken('a=1;  authToken = "abc%2F123" ; b=2')).toBe('abc/123');
    expect(readAuthToken('authToken=""')).toBeUndefined();
    expect(readAuthToken('authToken="')).toBe('"'); // one quote is not a quoted value
    // two cookies of that name (two paths or domains): the browser lists the most specific path first
    expect(readAuthToken('authToken=fromAccountPath; authToken=fromRoot')).toBe('fromAccountPath');
    expect(readAuthToken('authtoken=other; AuthToken=other')).toBeUndefined(); // names are exact
  });

  it('options that would not make a valid attribute are a ValidationError, nothing is written', () => {
    const bad: Array<[string, Parameters<typeof authTokenCookie>[1]]> = [
      ['cookie.path', { path: '/; Domain=evil.example' }],
      ['cookie.path', { path: '/a\u0000b' }],
      ['cookie.path', { path: '/a\nSet-Cookie: x=1' }],
      ['cookie.path', { path: 'relative' }],
      ['cookie.domain', { domain: 'example.com; Secure' }],
      ['cookie.domain', { domain: 'exa\tmple.com' }],
      ['cookie.maxAge', { maxAge: Number.NaN }],
      ['cookie.maxAge', { maxAge: Number.POSITIVE_INFINITY }],
      ['cookie.maxAge', { maxAge: 1.5 }],
      ['cookie.maxAge', { maxAge: -1 }],
      ['cookie.sameSite', { sameSite: 'none' as 'None' }],
      ['cookie.sameSite', { sameSite: 'None', secure: false }],
    ];
    for (const [field, options] of bad) {
      const error = (() => {
        try {
          authTokenCookie('abc', options);
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(options)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, JSON.stringify(options)).toBe(field);
    }
    expect(() => clearAuthTokenCookie({ path: '/;x' })).toThrow(ValidationError);
    expect(authTokenCookie('abc', { maxAge: 3600, path: '/account', domain: '.example.com' })).toBe(
      'authToken=abc; Max-Age=3600; Path=/account; HttpOnly; SameSite=Lax; Secure; Domain=.example.com',
    );
  });
});

describe('CmsAuthManager in a server route', () => {
  it('logs a user in, reads the identity from the cookie (cached briefly), logs out', async () => {
    const auth = new CmsAuthManager(cms, { clock, cookie: { secure: false } });
    // the README's example route, on node:http through fromNodeRequest
    const server = createServer(async (req, res) => {
      try {
        await route(req, res);
      } catch (error) {
        res.writeHead(error instanceof CmsLoginError ? 401 : 500).end((error as Error).message);
      }
    });
    const route = async (
      req: Parameters<typeof fromNodeRequest>[0],
      res: import('node:http').ServerResponse,
    ) => {
      const request = fromNodeRequest(req);
      const url = new URL(request.url);
      if (url.pathname === '/login') {
        const { setCookie, identity } = await auth.login({
          username: url.searchParams.get('u') ?? '',
          password: url.searchParams.get('p') ?? '',
        });
        res.writeHead(200, { 'set-cookie': setCookie }).end(`hello ${identity.firstName}`);
      } else if (url.pathname === '/me') {
        const user = await auth.currentUser(request);
        res.writeHead(user ? 200 : 401).end(user ? user.username : 'not logged in');
      } else {
        const { setCookie } = await auth.logout(request);
        res.writeHead(200, { 'set-cookie': setCookie }).end('bye');
      }
    };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const login = await fetch(`${base}/login?u=alice&p=wonderland`);
      expect(await login.text()).toBe('hello Alice');
      expect((await fetch(`${base}/login?u=alice&p=wrong`)).status).toBe(401);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const before = emulator.counters('cms-auth').requests;
      expect(await (await fetch(`${base}/me`, { headers: { cookie } })).text()).toBe('alice');
      expect(await (await fetch(`${base}/me`, { headers: { cookie } })).text()).toBe('alice');
      expect(emulator.counters('cms-auth').requests).toBe(before); // served from the identity cache
      await clock.advance(61_000);
      expect(await (await fetch(`${base}/me`, { headers: { cookie } })).text()).toBe('alice');
      expect(emulator.counters('cms-auth').requests).toBe(before + 1);
      expect((await fetch(`${base}/logout`, { headers: { cookie } })).headers.get('set-cookie')).toMatch(
        /^authToken=; Max-Age=0/,
      );
      expect((await fetch(`${base}/me`, { headers: { cookie } })).status).toBe(401);
      expect((await fetch(`${base}/me`)).status).toBe(401);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
