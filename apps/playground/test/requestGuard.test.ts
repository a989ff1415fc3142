import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../src/server.ts';
import { fromPage, openTab, raw } from './http.ts';

type Playground = Awaited<ReturnType<typeof startPlayground>>;
let playground: Playground;
const logged: string[] = [];
beforeAll(async () => {
  playground = await startPlayground({
    allowedHosts: ['play.test'],
    env: { PLAYGROUND_ALLOWED_HOSTS: ' .example.test , ' },
    log: (line) => logged.push(line),
  });
});
afterAll(async () => {
  await playground?.close();
});

const port = () => new URL(playground.url).port;

describe('Host', () => {
  it('a foreign Host (DNS rebinding) gets 403 for the page, its modules and the API, and nothing runs', async () => {
    const tab = await openTab(playground.url);
    const flows = await playground.session(tab);
    const before = flows.now();
    for (const host of [`evil.example:${port()}`, 'evil.example', `127.0.0.1.evil.example:${port()}`]) {
      const evil = { ...fromPage(playground.url, tab), host, origin: `http://${host}` };
      for (const [method, path, body] of [
        ['GET', '/', undefined],
        ['GET', '/page/main.js', undefined],
        ['GET', '/api/state', undefined],
        ['POST', '/api/session', undefined],
        ['POST', '/api/warp', { minutes: 600 }],
        ['POST', '/api/sbt/send', { setting: 'expire-on-new', confirm: true }],
      ] as const) {
        const answer = await raw(playground.url, method, path, evil, body);
        expect(answer.status, `${method} ${path} as ${host}`).toBe(403);
        expect(answer.json().error).toBe('ForbiddenHost');
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    expect(flows.recorder.exchanges).toEqual([]);
    expect(flows.now() - before).toBeLessThan(60_000); // the 10-hour warp did not happen
    expect(logged).toContain(`playground: 403 GET /: host "evil.example:${port()}" is not allowed`);
  });

  it('answers its own names on its own port, and the names the user allows on any port', async () => {
    for (const host of [
      `127.0.0.1:${port()}`,
      `localhost:${port()}`,
      `LOCALHOST:${port()}`,
      `[::1]:${port()}`,
      'play.test',
      'play.test:8443',
      'example.test',
      'a.b.example.test:443',
    ]) {
      const answer = await raw(playground.url, 'GET', '/', { host });
      expect(answer.status, host).toBe(200);
      expect(answer.text).toContain('<script type="module" src="/page/main.js">');
    }
    for (const host of [
      `localhost:${Number(port()) + 1}`,
      'localhost',
      '127.0.0.1',
      'sub.play.test',
      'evilexample.test',
      'example.test.evil',
      `[::2]:${port()}`,
      'a:b:c',
    ]) {
      const answer = await raw(playground.url, 'GET', '/', { host });
      expect(answer.status, host).toBe(403);
    }
  });
});

describe('Origin', () => {
  it('a POST from a foreign Origin gets 403, even on an allowed Host, and nothing runs', async () => {
    const tab = await openTab(playground.url);
    const flows = await playground.session(tab);
    const before = flows.now();
    const own = fromPage(playground.url, tab);
    const refusals: Record<string, string>[] = [
      { ...own, origin: 'http://evil.example' },
      { ...own, origin: `http://localhost:${port()}` }, // another of its names: another origin
      { ...own, origin: 'null' },
      { ...own, origin: 'not a url' },
      // a cross-site form post from an older browser without Origin, and a tool that sends neither header
      { ...own, origin: '', 'sec-fetch-site': 'cross-site' },
      { ...own, origin: '' },
    ];
    for (const headers of refusals) {
      if (headers.origin === '') delete headers.origin;
      const answer = await raw(playground.url, 'POST', '/api/warp', headers, { minutes: 600 });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.json().error).toBe('ForbiddenOrigin');
    }
    // a CORS preflight is not a GET either: refused, and no Access-Control-Allow-* ever
    const preflight = await raw(playground.url, 'OPTIONS', '/api/warp', {
      host: own.host!,
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).toBe(403);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(flows.now() - before).toBeLessThan(60_000);
    expect(logged).toContain(
      'playground: 403 POST /api/warp: origin "http://evil.example" is not the playground\'s',
    );
  });

  it('its own Origin, or Sec-Fetch-Site: same-origin without one, may change things', async () => {
    const tab = await openTab(playground.url);
    const flows = await playground.session(tab);
    const own = fromPage(playground.url, tab);
    const before = flows.now();
    expect((await raw(playground.url, 'POST', '/api/warp', own, { minutes: 60 })).status).toBe(200);
    const { origin: _, ...noOrigin } = own;
    const fetchMetadata = { ...noOrigin, 'sec-fetch-site': 'same-origin' };
    expect((await raw(playground.url, 'POST', '/api/warp', fetchMetadata, { minutes: 60 })).status).toBe(200);
    // an allowed name works with its own origin, over a TLS proxy too
    for (const origin of ['http://play.test:8443', 'https://play.test:8443']) {
      const proxied = { ...own, host: 'play.test:8443', origin };
      expect((await raw(playground.url, 'POST', '/api/warp', proxied, { minutes: 60 })).status).toBe(200);
    }
    expect(Math.round((flows.now() - before) / 3_600_000)).toBe(4);
  });
});

describe('tab ids', () => {
  it('an id the server did not issue gets 404 and starts no playground; an issued one works', async () => {
    const madeUp = 'attacker-chosen-tab-0001';
    for (const [method, path] of [
      ['GET', '/api/state'],
      ['POST', '/api/sbt/token'],
      ['POST', '/api/reset'],
    ] as const) {
      const body = method === 'POST' ? { setting: '1-day' } : undefined;
      const answer = await raw(playground.url, method, path, fromPage(playground.url, madeUp), body);
      expect(answer.status, path).toBe(404);
      expect(answer.json().error).toBe('UnknownTabError');
    }
    expect(() => playground.session(madeUp)).toThrow(/no such tab/);
    const tab = await openTab(playground.url);
    expect(tab).toMatch(/^[0-9a-f-]{36}$/);
    const state = await raw(playground.url, 'GET', '/api/state', fromPage(playground.url, tab));
    expect(state.status).toBe(200);
    expect(state.json().targets).toEqual({
      clickatell: 'emulator',
      mfa: 'emulator',
      sbt: 'emulator',
      cms: 'emulator',
    });
  });
});
