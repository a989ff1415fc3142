import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { CmsAuthClient, CmsAuthManager, fromNodeRequest } from '@x/cms-auth';
import { MemoryTokenStore, ValidationError } from '@x/core';
import { type Emulator, startEmulator } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let emulator: Emulator;
let cms: CmsAuthClient;
beforeEach(async () => {
  emulator = await startEmulator();
  cms = new CmsAuthClient({ site: emulator.urls.cmsSite });
});
afterEach(() => emulator.close());

/** A well-formed token the service never issued. */
const randomToken = () => randomBytes(12).toString('hex');
const cookieOf = (token: string) => new Headers({ cookie: `authToken=${token}` });
const calls = () => emulator.counters('cms-auth').requests;

/** Run `task` for 0…count-1, `width` at a time. */
async function inBatches(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** A public page on node:http: `{ user }` from the cookie, anonymous when the CMS cannot say. */
async function publicPage(auth: CmsAuthManager): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const user = await auth.tryCurrentUser(fromNodeRequest(req));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ user }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('CmsAuthManager: what a token costs the CMS', () => {
  it('1,000 requests with 1,000 made-up cookies: at most 1,000 calls; 1,000 with one repeated: 1', {
    timeout: 120_000,
  }, async () => {
    const { url, server } = await publicPage(new CmsAuthManager(cms));
    const page = async (token: string) => {
      const answer = await fetch(url, { headers: { cookie: `authToken=${token}` } });
      expect(await answer.json()).toEqual({ user: null });
    };
    try {
      const tokens = Array.from({ length: 1_000 }, randomToken);
      let before = calls();
      await inBatches(1_000, 25, (i) => page(tokens[i]!));
      expect(calls() - before).toBeLessThanOrEqual(1_000);
      const repeated = randomToken();
      before = calls();
      await inBatches(1_000, 25, () => page(repeated));
      expect(calls() - before).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('concurrent requests with one cookie share one lookup; a real user is not pushed out by a flood', async () => {
    const auth = new CmsAuthManager(cms, { maxEntries: 10 });
    const { token } = await auth.login({ username: 'alice', password: 'wonderland' });
    let before = calls();
    const unknown = randomToken();
    const answers = await Promise.all(Array.from({ length: 50 }, () => auth.currentUser(cookieOf(unknown))));
    expect(answers.every((answer) => answer === null)).toBe(true);
    expect(calls() - before).toBe(1);
    for (let i = 0; i < 30; i++) await auth.currentUser(cookieOf(randomToken())); // 3× maxEntries
    before = calls();
    expect(await auth.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' });
    expect(calls()).toBe(before); // still cached: refusals have their own bound
  });

  it('a caller that gives up stops waiting; the lookup goes on for the others', async () => {
    const auth = new CmsAuthManager(cms);
    const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
    emulator.inject('cms-auth', { type: 'delay', ms: 300 });
    const patient = auth.currentUser(cookieOf(token));
    const started = Date.now();
    await expect(auth.currentUser(cookieOf(token), { timeoutMs: 50 })).rejects.toMatchObject({
      name: 'TransportError',
    });
    expect(Date.now() - started).toBeLessThan(250);
    expect(await patient).toMatchObject({ username: 'alice' });
  });
});

describe('CmsAuthManager: a CMS that is down', () => {
  it('makes the visitor of a public page anonymous, with one NODE_DEBUG=x-auth line and no token in it', async () => {
    const token = randomToken();
    emulator.inject('cms-auth', { type: 'reset' }, { times: Number.POSITIVE_INFINITY });
    const script = `
      import { CmsAuthClient, CmsAuthManager } from '@x/cms-auth';
      const auth = new CmsAuthManager(new CmsAuthClient({ site: process.env.SITE }));
      const user = await auth.tryCurrentUser(new Headers({ cookie: 'authToken=' + process.env.TOKEN }));
      console.log(JSON.stringify(user));`;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        env: { ...process.env, NODE_DEBUG: 'x-auth', SITE: emulator.urls.cmsSite, TOKEN: token },
        timeout: 30_000,
      },
    );
    expect(stdout.trim()).toBe('null');
    const lines = stderr.split('\n').filter((line) => /identity lookup failed/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cms-auth identity lookup failed, the request is anonymous: TransportError/);
    expect(stderr).not.toContain(token);
  });

  it('is an error for currentUser (a guard cannot tell who it is), and is never remembered', async () => {
    const auth = new CmsAuthManager(cms);
    const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
    emulator.inject('cms-auth', { type: 'status', status: 503 }, { times: Number.POSITIVE_INFINITY });
    await expect(auth.currentUser(cookieOf(token))).rejects.toMatchObject({ provider: 'cms-auth' });
    expect(await auth.tryCurrentUser(cookieOf(token))).toBeNull();
    emulator.clearFaults();
    expect(await auth.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' });
  });
});

describe('CmsAuthManager: log-in and log-out', () => {
  it('a log-in with the old cookie logs the old token out; a failed one leaves it alone', async () => {
    const auth = new CmsAuthManager(cms);
    const first = await auth.login({ username: 'alice', password: 'wonderland' });
    await expect(
      auth.login({ username: 'alice', password: 'wrong' }, { request: cookieOf(first.token) }),
    ).rejects.toMatchObject({ name: 'CmsLoginError' });
    expect(await cms.isValidToken(first.token)).toBe(true);
    const second = await auth.login(
      { username: 'alice', password: 'wonderland' },
      { request: cookieOf(first.token) },
    );
    expect(second.token).not.toBe(first.token);
    expect(await cms.isValidToken(first.token)).toBe(false);
    expect(await auth.currentUser(cookieOf(first.token))).toBeNull();
    expect(await auth.currentUser(cookieOf(second.token))).toMatchObject({ username: 'alice' });
  });

  it('a log-out through one manager is refused by another on the same store at once', async () => {
    const store = new MemoryTokenStore();
    const a = new CmsAuthManager(cms, { store });
    const b = new CmsAuthManager(cms, { store });
    const { token } = await a.login({ username: 'alice', password: 'wonderland' });
    expect(await b.currentUser(cookieOf(token))).toMatchObject({ username: 'alice' }); // b caches it
    await a.logout(cookieOf(token));
    await new Promise((resolve) => setImmediate(resolve)); // the store tells its watchers in a microtask
    const before = calls();
    expect(await b.currentUser(cookieOf(token))).toBeNull();
    expect(calls()).toBe(before); // b knew without asking
    a.close();
    b.close();
  });
});

/**
 * A loopback proxy to the emulator's CMS that can hold the next answer back after the CMS gave it, as
 * a slow network does: the answer says what was true before anything that happens meanwhile.
 */
async function holdingProxy(target: string) {
  let holdNext: { held: () => void; release: Promise<void> } | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'connection', 'content-length'].includes(name),
      ),
    ) as Record<string, string>;
    const answer = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body });
    const text = await answer.text();
    const hold = holdNext;
    holdNext = undefined;
    if (hold) {
      hold.held();
      await hold.release;
    }
    res
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' })
      .end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    site: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Hold the next answer until `release` is called; resolves once it is held. */
    holdNextAnswer() {
      let release!: () => void;
      let held!: () => void;
      const isHeld = new Promise<void>((resolve) => {
        held = resolve;
      });
      holdNext = { held, release: new Promise<void>((resolve) => (release = resolve)) };
      return { isHeld, release: () => release() };
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('CmsAuthManager: a log-out while a lookup is under way', () => {
  it('the late answer ("alice") is not believed: the token stays logged out', async () => {
    const proxy = await holdingProxy(emulator.urls.cmsSite);
    try {
      const auth = new CmsAuthManager(new CmsAuthClient({ site: proxy.site }));
      const { token } = await cms.authenticate({ username: 'alice', password: 'wonderland' });
      const slow = proxy.holdNextAnswer();
      const lookup = auth.currentUser(cookieOf(token));
      await slow.isHeld; // the CMS said "alice"; the answer is on its way
      await auth.logout(cookieOf(token));
      slow.release();
      expect(await lookup).toBeNull();
      expect(await auth.currentUser(cookieOf(token))).toBeNull();
    } finally {
      proxy.close();
    }
  });
});

describe('CmsAuthManager options', () => {
  it('bad options are a ValidationError at construction', () => {
    const bad: Array<[string, ConstructorParameters<typeof CmsAuthManager>[1]]> = [
      ['cookie.path', { cookie: { path: '/; Domain=evil.example' } }],
      ['cookie.domain', { cookie: { domain: 'example.com\r\nX: 1' } }],
      ['cookie.maxAge', { cookie: { maxAge: Number.NaN } }],
      ['allowedOrigins', { allowedOrigins: ['https://www.example.com/'] }],
      ['allowedOrigins', { allowedOrigins: ['*'] }],
      ['cacheMs', { cacheMs: -1 }],
    ];
    for (const [field, options] of bad) {
      const error = (() => {
        try {
          new CmsAuthManager(cms, options);
        } catch (e) {
          return e;
        }
      })();
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, field).toBe(field);
    }
  });

  it('isCrossSite: by Sec-Fetch-Site, else by Origin against the host; allowedOrigins pass', () => {
    const auth = new CmsAuthManager(cms, { allowedOrigins: ['https://www.example.com'] });
    const host = 'auth.example.com';
    const cases: Array<[boolean, { origin?: string; secFetchSite?: string }]> = [
      [false, {}], // not a browser
      [false, { secFetchSite: 'same-origin', origin: 'https://auth.example.com' }],
      [false, { secFetchSite: 'none' }], // the user's own navigation
      [true, { secFetchSite: 'same-site', origin: 'https://blog.example.com' }],
      [true, { secFetchSite: 'cross-site', origin: 'https://evil.example' }],
      [false, { secFetchSite: 'cross-site', origin: 'https://www.example.com' }], // allowed
      [false, { origin: 'https://auth.example.com' }], // an older browser, same host
      [true, { origin: 'https://evil.example' }],
      [true, { origin: 'null' }],
      [true, { origin: 'https://auth.example.com.evil.example' }],
    ];
    for (const [crossSite, headers] of cases) {
      expect(auth.isCrossSite({ host, ...headers }), JSON.stringify(headers)).toBe(crossSite);
    }
    const request = (headers: Record<string, string>) =>
      new Request('https://auth.example.com/login', { method: 'POST', headers });
    expect(auth.isCrossSite(request({ origin: 'https://auth.example.com' }))).toBe(false);
    expect(auth.isCrossSite(request({ origin: 'https://evil.example' }))).toBe(true);
  });
});
