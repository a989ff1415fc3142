import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/index.js';
import {
  AuthenticationError,
  callSignal,
  ProtocolError,
  RateLimitError,
  Secret,
  ServiceError,
  TransportError,
  ValidationError,
} from '../src/index.js';
import { SoapTransport } from '../src/soap/index.js';
import { NS, SOAP_REPLY, WSDL } from './echoService.js';
import { loopback } from './loopback.js';

const CANARY_KEY = 'canary-api-key-9f8e7d6c';
let server: Awaited<ReturnType<typeof loopback>>;
let seen: { method?: string; url?: string; headers?: Record<string, unknown>; body?: string } = {};

beforeAll(async () => {
  server = await loopback((req, res, body) => {
    seen = { method: req.method, url: req.url, headers: req.headers, body };
    const path = new URL(req.url!, 'http://x').pathname;
    switch (path) {
      case '/ok':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"a":1}}');
      case '/proto':
        return res.writeHead(200).end('{"__proto__":{"polluted":true},"constructor":{"x":1},"ok":true}');
      case '/slow':
        return setTimeout(() => res.writeHead(200).end('{}'), 2_000);
      case '/html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Oops</body></html>');
      case '/html500':
        return res.writeHead(500, { 'content-type': 'text/html' }).end('<html>Internal error</html>');
      case '/401':
        return res.writeHead(401).end();
      case '/429':
        return res.writeHead(429, { 'retry-after': '7' }).end();
      case '/503':
        return res.writeHead(503).end();
      case '/big':
        return res.writeHead(200).end(`{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`);
      case '/truncated':
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"data":');
        return setTimeout(() => res.destroy(), 20);
      case '/reset':
        return req.socket.destroy();
      case '/soap':
        return res.writeHead(200, { 'content-type': 'text/xml' }).end(SOAP_REPLY(body));
      case '/service.wsdl':
        return res.writeHead(200, { 'content-type': 'text/xml' }).end(WSDL);
      case '/redirect':
        return res.writeHead(302, { location: '/soap' }).end();
      case '/notice':
        // PHP with display_errors on prints its notice before the envelope
        return res.writeHead(200).end(`<br />\n<b>Notice</b>: Undefined index x<br />\n${SOAP_REPLY(body)}`);
      case '/bigChunked': {
        // no declared length: the limit must be checked as the answer arrives
        res.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = 'a'.repeat(64 * 1024);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        return pump();
      }
      case '/slowBody':
        // headers at once, then the body never ends: the deadline covers the whole call
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.write('<?xml version="1.0"?>');
      default:
        return res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

const http = (extra = {}) =>
  new HttpTransport({ provider: 'test', baseUrl: server.url, timeoutMs: 1_000, ...extra });

describe('HttpTransport', () => {
  it('sends JSON and secret headers, and parses JSON', async () => {
    const res = await http({ headers: { authorization: new Secret(`Bearer ${CANARY_KEY}`) } }).request({
      method: 'POST',
      path: '/ok',
      json: { to: '2799900001' },
    });
    expect(res.data).toEqual({ data: { a: 1 } });
    expect(seen.headers?.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(JSON.parse(seen.body!)).toEqual({ to: '2799900001' });
  });

  it('copies results so that __proto__ and constructor cannot reach a prototype', async () => {
    const res = await http().request({ method: 'GET', path: '/proto' });
    const data = res.data as Record<string, unknown>;
    expect(data.ok).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['/slow', TransportError, /no answer within 1000 ms/],
    ['/html', ProtocolError, /not JSON/],
    ['/html500', ServiceError, /HTTP 500/],
    ['/401', AuthenticationError, /HTTP 401/],
    ['/503', ServiceError, /HTTP 503/],
    ['/big', ProtocolError, /larger than/],
    ['/truncated', TransportError, /answer cut off/],
    ['/reset', TransportError, /network failure/],
  ] as const)('%s', async (path, type, message) => {
    const error = await http({ retryLimit: 0 })
      .request({ method: 'POST', path })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });

  it('429 with Retry-After → RateLimitError with retryAfterMs', async () => {
    const error = await http()
      .request({ method: 'GET', path: '/429' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7_000);
    expect((error as RateLimitError).retryable).toBe(true);
  });

  it('aborts at once on an AbortSignal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const error = await http({ timeoutMs: 5_000 })
      .request({ method: 'GET', path: '/slow', signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/aborted/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('never retries a POST, retries a GET on 503', async () => {
    let count = 0;
    const counting = await loopback((_req, res) => {
      count++;
      res.writeHead(503).end();
    });
    try {
      const t = new HttpTransport({ provider: 'test', baseUrl: counting.url, retryLimit: 1 });
      await t.request({ method: 'POST', path: '/x' }).catch(() => undefined);
      expect(count).toBe(1);
      await t.request({ method: 'PUT', path: '/x' }).catch(() => undefined);
      expect(count).toBe(2);
      await t.request({ method: 'GET', path: '/x' }).catch(() => undefined);
      expect(count).toBe(4);
    } finally {
      await counting.close();
    }
  });

  it('a redirect is refused: a ProtocolError naming the status and host, never retried', async () => {
    let count = 0;
    const redirecting = await loopback((_req, res) => {
      count++;
      res.writeHead(307, { location: `https://evil.example/steal?APIKey=${CANARY_KEY}` }).end();
    });
    try {
      const t = new HttpTransport({ provider: 'test', baseUrl: redirecting.url, retryLimit: 2 });
      const error = (await t
        .request({ method: 'GET', path: '/x' })
        .catch((e: unknown) => e)) as ProtocolError;
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.message).toBe('test: redirect refused: HTTP status 307 to evil.example');
      expect([error.status, error.retryable, count]).toEqual([307, false, 1]);
    } finally {
      await redirecting.close();
    }
  });

  it("a Retry-After past the deadline (the transport's or the call's) is not waited for, and is named", async () => {
    let count = 0;
    const busy = await loopback((_req, res) => {
      count++;
      res.writeHead(503, { 'retry-after': '5' }).end();
    });
    try {
      const own = new HttpTransport({ provider: 'test', baseUrl: busy.url, timeoutMs: 1_000 });
      const roomy = new HttpTransport({ provider: 'test', baseUrl: busy.url, timeoutMs: 10_000 });
      for (const send of [
        () => own.request({ method: 'GET', path: '/x' }),
        () => roomy.request({ method: 'GET', path: '/x', signal: callSignal('test', { timeoutMs: 1_000 }) }),
      ]) {
        count = 0;
        const started = performance.now();
        const error = (await send().catch((e: unknown) => e)) as ServiceError;
        expect(error).toBeInstanceOf(ServiceError);
        expect(error.message).toMatch(/HTTP 503.*; the server asked to retry in 5 s$/);
        expect([count, error.retryable]).toEqual([1, true]);
        expect(performance.now() - started).toBeLessThan(500);
      }
    } finally {
      await busy.close();
    }
  });

  it("a body still arriving at the call's deadline says so, with the call's timeoutMs", async () => {
    const transport = http({ timeoutMs: 10_000 });
    await transport.request({ method: 'GET', path: '/ok' }); // ky loads on a first request: not this one's time
    const started = performance.now();
    const error = await transport
      .request({ method: 'GET', path: '/slowBody', signal: callSignal('test', { timeoutMs: 500 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/answer not complete within 500 ms: the headers came/);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('redacts secret query parameters in error messages', async () => {
    const error = (await http()
      .request({ method: 'GET', path: '/401', searchParams: { APIKey: new Secret(CANARY_KEY) } })
      .catch((e: unknown) => e)) as Error;
    expect(seen.url).toContain(CANARY_KEY);
    expect(error.message).toContain('APIKey=REDACTED');
    for (const text of [error.message, error.stack, inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain(CANARY_KEY);
    }
  });

  it('rejects a bad baseUrl before anything is sent', () => {
    expect(() => new HttpTransport({ provider: 'test', baseUrl: 'ftp://x' })).toThrow(ValidationError);
    expect(() => new HttpTransport({ provider: 'test', baseUrl: 'not a url' })).toThrow(ValidationError);
  });
});

describe('SoapTransport', () => {
  const soap = (path = 'soap', extra = {}) =>
    new SoapTransport({
      provider: 'test',
      wsdl: WSDL,
      endpoint: `${server.url}${path}`,
      timeoutMs: 1_000,
      ...extra,
    });

  it('escapes user strings in the envelope; they reach the server literally', async () => {
    const nasty = '</text><api_id>1</api_id>&amp;<![CDATA[x]]>';
    const result = (await soap().call('echo', { text: new Secret(nasty) })) as { return: string };
    expect(seen.body).not.toContain('<api_id>');
    expect(result.return).toBe(nasty);
  });

  it('sends cookies and extra headers', async () => {
    await soap().call(
      'echo',
      { text: 'x' },
      { cookies: { authToken: new Secret('tok-abc') }, headers: { 'x-extra': '1' } },
    );
    expect(seen.headers?.cookie).toBe('authToken=tok-abc');
    expect(seen.headers?.['x-extra']).toBe('1');
  });

  it.each([
    ['slow', TransportError, /no answer within/],
    ['html', ProtocolError, /not a SOAP envelope/],
    ['html500', ServiceError, /HTTP 500/],
    ['401', AuthenticationError, /HTTP 401/],
    ['429', RateLimitError, /HTTP 429/],
    ['big', ProtocolError, /larger than/],
    ['reset', TransportError, /network failure/],
    ['truncated', TransportError, /answer cut off/],
    ['bigChunked', ProtocolError, /larger than/],
    ['slowBody', TransportError, /answer not complete within 1000 ms: the headers came/],
    ['redirect', ProtocolError, /redirect refused: HTTP status 302 to 127\.0\.0\.1:\d+$/],
  ] as const)('%s', async (path, type, message) => {
    const error = await soap(path)
      .call('echo', { text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });

  it('aborts on an AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await soap('slow', { timeoutMs: 5_000 })
      .call('echo', { text: 'x' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/aborted/);
  });

  it("a body still arriving at the call's deadline says so, with the call's timeoutMs", async () => {
    const error = await soap('slowBody', { timeoutMs: 10_000 })
      .call('echo', { text: 'x' }, { signal: callSignal('test', { timeoutMs: 500 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/answer not complete within 500 ms: the headers came/);
  });

  it('refuses an unknown operation before sending', async () => {
    await expect(soap().call('nope', {})).rejects.toBeInstanceOf(ValidationError);
  });

  it('loads a WSDL from a URL over the same HTTP; a WSDL URL that fails is a ProtocolError', async () => {
    const fromUrl = (path: string) =>
      new SoapTransport({ provider: 'test', wsdl: `${server.url}${path}`, endpoint: `${server.url}soap` });
    expect(await fromUrl('service.wsdl').call('echo', { text: 'by url' })).toEqual({ return: 'by url' });
    expect(seen.method).toBe('POST');
    await expect(fromUrl('missing.wsdl').call('echo', { text: 'x' })).rejects.toThrow(
      expect.objectContaining({ name: 'ProtocolError', message: 'test: could not load the WSDL' }),
    );
  });

  it('reads an envelope with text printed before it (a PHP notice)', async () => {
    expect(await soap('notice').call('echo', { text: 'hi' })).toEqual({ return: 'hi' });
  });

  it('sends on node:http with its own Content-Length; a wrong agent, agent with proxyFromEnv, or a header Node will not write is a typed error', async () => {
    await soap().call('echo', { text: 'x' });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength(seen.body!)));
    expect(seen.headers?.soapaction).toBe(`"${NS}#echo"`);
    expect(() => soap('soap', { agent: new Agent(), proxyFromEnv: true })).toThrow(ValidationError);
    expect(() => soap('soap', { agent: new HttpsAgent() })).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'agent' }),
    );
    // a header Node refuses to write: a typed error, not a crash
    const refused = await soap()
      .call('echo', { text: 'x' }, { headers: { 'x-bad': 'a\r\nb' } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransportError);
  });
});
