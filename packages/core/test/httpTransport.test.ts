// HttpTransport against a loopback server the test starts: what reaches the server (path, headers, body,
// how many requests), which answers are retried, and the typed error per answer. Covers src/http/index.ts
// too (the `@x/core/http` entry, imported from it here). Retries within the one deadline are
// retryWithinDeadline.test.ts; the size limit of an answer ky reads itself, retriedAnswerLimit.test.ts; loading
// ky and proxies from the environment, kyLibrary.test.ts.
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type HttpResponse, HttpTransport } from '../src/http/index.js';
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
import { failure } from './failure.js';
import { badAnswers, closedPort, jsonOk, recordingLoopback } from './loopback.js';

const CANARY_KEY = 'canary-api-key-9f8e7d6c';
const server = recordingLoopback(jsonOk);

const transport = (extra: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}) =>
  new HttpTransport({ provider: 'test', baseUrl: server.url, timeoutMs: 2_000, ...extra });

describe('HttpTransport: construction', () => {
  it('keeps a base URL path prefix, whether or not it ends in /, and drops a leading / of the path', async () => {
    for (const baseUrl of [`${server.url}api/v1`, `${server.url}api/v1/`]) {
      const t = transport({ baseUrl });
      expect(t.baseUrl).toBe(`${server.url}api/v1/`);
      await t.request({ method: 'GET', path: '/status' });
    }
    await transport({ baseUrl: `${server.url}api/v1` }).request({ method: 'GET', path: 'nested/path' });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/status',
      '/api/v1/status',
      '/api/v1/nested/path',
    ]);
  });

  it('defaults to a 10 s deadline', () => {
    expect(new HttpTransport({ provider: 'test', baseUrl: server.url }).timeoutMs).toBe(10_000);
  });

  it.each([
    ['not a url', 'test: baseUrl is not a valid URL'],
    ['ftp://example.com/', 'test: baseUrl must be http(s)'],
    ['file:///etc/passwd', 'test: baseUrl must be http(s)'],
  ])('refuses the base URL %s before anything is sent', (baseUrl, message) => {
    expect(() => transport({ baseUrl })).toThrow(
      expect.objectContaining({ name: 'ValidationError', message, field: 'baseUrl', provider: 'test' }),
    );
  });

  it('accepts an https base URL', () => {
    expect(transport({ baseUrl: 'https://example.com' }).baseUrl).toBe('https://example.com/');
  });

  it('rejects a bad baseUrl before anything is sent', () => {
    expect(() => new HttpTransport({ provider: 'test', baseUrl: 'ftp://x' })).toThrow(ValidationError);
    expect(() => new HttpTransport({ provider: 'test', baseUrl: 'not a url' })).toThrow(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('HttpTransport: what is sent', () => {
  it('asks for JSON; request headers win over the transport headers; Secrets are revealed on the wire', async () => {
    await transport({ headers: { 'x-app': 'transport', authorization: new Secret('Bearer t-1') } }).request({
      method: 'GET',
      path: 'x',
      headers: { 'x-app': 'request' },
      searchParams: { q: 'a b', key: new Secret('k-1') },
    });
    expect(server.requests[0]!.headers).toMatchObject({
      accept: 'application/json',
      'x-app': 'request',
      authorization: 'Bearer t-1',
    });
    expect(server.requests[0]!.url).toBe('/x?q=a+b&key=k-1');
  });

  it('sends a body only when there is one', async () => {
    await transport().request({ method: 'POST', path: 'x' });
    await transport().request({ method: 'POST', path: 'x', json: { n: 1 } });
    expect(server.requests.map((r) => [r.body, r.headers['content-type']])).toEqual([
      ['', undefined],
      ['{"n":1}', 'application/json'],
    ]);
  });

  it('uses the fetch you pass', async () => {
    const seen: string[] = [];
    const t = transport({
      fetch: (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    expect((await t.request({ method: 'GET', path: 'mine' })).data).toEqual({ ok: true });
    expect(seen).toEqual([`${server.url}mine`]);
  });

  it('sends JSON and secret headers, and parses JSON', async () => {
    server.answer = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"a":1}}');
    const res = await transport({ headers: { authorization: new Secret(`Bearer ${CANARY_KEY}`) } }).request({
      method: 'POST',
      path: '/ok',
      json: { to: '2799900001' },
    });
    expect(res.data).toEqual({ data: { a: 1 } });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ to: '2799900001' });
  });
});

describe('HttpTransport: answers', () => {
  it('an empty or blank 2xx body is no data; a HEAD or 204 answer has none', async () => {
    for (const body of ['', '  \n']) {
      server.answer = (_req, res) => res.writeHead(200).end(body);
      expect((await transport().request({ method: 'GET', path: 'x' })).data).toBeUndefined();
    }
    server.answer = (_req, res) => res.writeHead(204).end();
    expect(await transport().request({ method: 'DELETE', path: 'x' })).toMatchObject({
      status: 204,
      data: undefined,
    });
    server.answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    expect(await transport().request({ method: 'HEAD', path: 'x' })).toMatchObject({
      status: 200,
      data: undefined,
    });
  });

  it('hands mapError the status, headers and parsed body (none when it is not JSON); its error wins', async () => {
    const mapped: HttpResponse[] = [];
    const t = transport({
      retryLimit: 0,
      mapError: (response) => {
        mapped.push(response);
        return (response.data as { code?: string } | undefined)?.code === 'E1'
          ? new ValidationError('bad number', { provider: 'test', code: 'E1' })
          : undefined;
      },
    });
    server.answer = (_req, res) => res.writeHead(422, { 'x-why': 'number' }).end('{"code":"E1"}');
    expect(await failure(t.request({ method: 'POST', path: 'x' }))).toMatchObject({
      name: 'ValidationError',
      code: 'E1',
    });
    server.answer = (_req, res) => res.writeHead(422).end('<html>no</html>');
    const generic = await failure(t.request({ method: 'POST', path: 'x' }));
    expect([generic.name, generic.message]).toEqual([
      'ServiceError',
      `test: request refused (HTTP 422) from POST ${server.url}x`,
    ]);
    // a retryable status reaches mapError through ky's error, body parsed the same way
    server.answer = (_req, res) => res.writeHead(503).end('{"code":"busy"}');
    await failure(t.request({ method: 'GET', path: 'x' }));
    server.answer = (_req, res) => res.writeHead(503).end('<html>busy</html>');
    await failure(t.request({ method: 'GET', path: 'x' }));
    expect(mapped.map((m) => [m.status, m.data])).toEqual([
      [422, { code: 'E1' }],
      [422, undefined],
      [503, { code: 'busy' }],
      [503, undefined],
    ]);
    expect(mapped[0]!.headers.get('x-why')).toBe('number');
  });

  it('a 2xx answer that is not JSON is a ProtocolError naming the request, with the status', async () => {
    server.answer = (_req, res) => res.writeHead(200).end('<html>');
    const error = await failure(
      transport().request({ method: 'GET', path: 'page', searchParams: { a: '1' } }),
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect([error.message, error.status]).toEqual([
      `test: answer to GET ${server.url}page?a=1 is not JSON`,
      200,
    ]);
  });

  it('copies results so that __proto__ and constructor cannot reach a prototype', async () => {
    server.answer = (_req, res) =>
      res.writeHead(200).end('{"__proto__":{"polluted":true},"constructor":{"x":1},"ok":true}');
    const data = (await transport().request({ method: 'GET', path: '/proto' })).data as Record<
      string,
      unknown
    >;
    expect(data.ok).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['slow', TransportError, /no answer within 1000 ms/],
    ['html', ProtocolError, /not JSON/],
    ['html500', ServiceError, /HTTP 500/],
    ['401', AuthenticationError, /HTTP 401/],
    ['503', ServiceError, /HTTP 503/],
    ['big', ProtocolError, /larger than/],
    ['gzipBomb', ProtocolError, /larger than/],
    ['truncated', TransportError, /answer cut off/],
    ['reset', TransportError, /network failure/],
  ] as const)('a server gone wrong (%s) is its typed error', async (name, type, message) => {
    server.answer = badAnswers[name];
    const error = await failure(
      transport({ timeoutMs: 1_000, retryLimit: 0 }).request({ method: 'POST', path: name }),
    );
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(message);
  });

  it('429 with Retry-After → RateLimitError with retryAfterMs', async () => {
    server.answer = badAnswers[429];
    const error = (await failure(transport().request({ method: 'GET', path: '/429' }))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.retryable).toBe(true);
  });

  it('redacts secret query parameters in error messages', async () => {
    server.answer = badAnswers[401];
    const error = await failure(
      transport().request({ method: 'GET', path: '/401', searchParams: { APIKey: new Secret(CANARY_KEY) } }),
    );
    expect(server.requests[0]!.url).toContain(CANARY_KEY);
    expect(error.message).toContain('APIKey=REDACTED');
    for (const text of [error.message, error.stack, inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain(CANARY_KEY);
    }
  });
});

describe('HttpTransport: retries', () => {
  const statusCount = async (status: number, method: 'GET' | 'HEAD' | 'POST' = 'GET') => {
    const error = await failure(transport({ retryLimit: 1 }).request({ method, path: `s${status}` }));
    return [error.name, server.requests.filter((r) => r.url === `/s${status}`).length] as const;
  };

  it('retries a GET or HEAD once on 408, 500, 502, 503, 504 (limit 1); never on 501 or 429', async () => {
    server.answer = (req, res) => res.writeHead(Number(req.url!.slice(2))).end();
    const got = await Promise.all(
      [408, 500, 502, 503, 504, 501, 429].map(async (status) => [status, ...(await statusCount(status))]),
    );
    expect(got).toEqual([
      [408, 'ServiceError', 2],
      [500, 'ServiceError', 2],
      [502, 'ServiceError', 2],
      [503, 'ServiceError', 2],
      [504, 'ServiceError', 2],
      [501, 'ServiceError', 1],
      [429, 'RateLimitError', 1],
    ]);
    server.reset();
    expect(await statusCount(503, 'HEAD')).toEqual(['ServiceError', 2]);
  });
  it('sends a POST and a PUT once each, and retries a GET on 503', async () => {
    server.answer = badAnswers[503];
    const t = transport({ retryLimit: 1 });
    await failure(t.request({ method: 'POST', path: '/x' }));
    expect(server.requests).toHaveLength(1);
    await failure(t.request({ method: 'PUT', path: '/x' }));
    expect(server.requests).toHaveLength(2);
    await failure(t.request({ method: 'GET', path: '/x' }));
    expect(server.requests).toHaveLength(4);
  });
});

describe('HttpTransport: bodies and limits', () => {
  const limited = (declare: boolean, size: number) => {
    server.answer = (_req, res) => {
      const body = `"${'a'.repeat(size - 2)}"`;
      if (declare) res.writeHead(200, { 'content-length': size }).end(body);
      else {
        res.writeHead(200);
        res.write(body.slice(0, 4));
        res.end(body.slice(4));
      }
    };
    return transport({ maxResponseBytes: 64 }).request({ method: 'GET', path: 'x' });
  };

  it.each([true, false])(
    'accepts a body of exactly maxResponseBytes and refuses one byte more (declared: %s)',
    async (declare) => {
      expect((await limited(declare, 64)).data).toBe('a'.repeat(62));
      const error = await failure(limited(declare, 65));
      expect([error.name, error.message]).toEqual(['ProtocolError', 'test: answer larger than 64 bytes']);
    },
  );

  it('a declared length over the limit is refused at once, before the body comes', async () => {
    server.answer = (_req, res) => {
      res.writeHead(200, { 'content-length': 1_000 });
      res.write('{"a":'); // and nothing more
    };
    const error = await failure(
      transport({ maxResponseBytes: 64, timeoutMs: 10_000 }).request({ method: 'GET', path: 'x' }),
    );
    expect([error.name, error.message]).toEqual(['ProtocolError', 'test: answer larger than 64 bytes']);
  });

  it.each([true, false])(
    'an answer ky reads itself to decide on a retry (a 503) is held to the limit too (declared: %s)',
    async (declare) => {
      // 2 MiB of body in 16 KiB steps, each attempt counting what it got out before the client hung up
      const sent: number[] = [];
      server.answer = (_req, res) => {
        const attempt = sent.push(0) - 1;
        const step = Buffer.alloc(16 * 1024, 'a');
        let closed = false;
        res.on('close', () => (closed = true));
        res.writeHead(503, declare ? { 'content-length': 128 * step.length } : {});
        const next = () => {
          if (closed) return;
          if (sent[attempt] === 128 * step.length) return void res.end();
          sent[attempt]! += step.length;
          res.write(step);
          setTimeout(next, 1);
        };
        next();
      };
      const t = transport({ maxResponseBytes: 64 * 1024, retryLimit: 1, timeoutMs: 5_000 });
      const error = await failure(t.request({ method: 'GET', path: 'x' }));
      expect([error.name, (error as ServiceError).status]).toEqual(['ServiceError', 503]);
      expect(sent).toHaveLength(2); // still retried once
      // ky alone reads up to 10 MiB of such a body: all 2 MiB, on every attempt
      for (const bytes of sent) expect(bytes).toBeLessThan(1024 * 1024);
    },
  );

  it('a HEAD answer declaring more than the limit is refused too', async () => {
    server.answer = (_req, res) => res.writeHead(200, { 'content-length': 100 }).end();
    const error = await failure(transport({ maxResponseBytes: 64 }).request({ method: 'HEAD', path: 'x' }));
    expect([error.name, error.message]).toEqual(['ProtocolError', 'test: answer larger than 64 bytes']);
  });

  it("a body still arriving at the transport's deadline is 'answer not complete'", async () => {
    server.answer = (_req, res) => {
      res.writeHead(200);
      res.write('{"a":');
    };
    const error = await failure(transport({ timeoutMs: 300 }).request({ method: 'GET', path: 'x' }));
    expect(error).toBeInstanceOf(TransportError);
    expect([error.message, error.retryable]).toEqual([
      'test: answer not complete within 300 ms: the headers came, the body was still arriving',
      true,
    ]);
  });

  it('an abort while the body arrives is an abort, not a cut-off answer; the signal keeps no listener', async () => {
    server.answer = (_req, res) => {
      res.writeHead(200);
      res.write('{"a":');
    };
    const controller = new AbortController();
    const t = transport({
      // abort once the headers are in, so the body is what is being read
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        setTimeout(() => controller.abort(), 20);
        return response;
      },
    });
    const error = await failure(t.request({ method: 'GET', path: 'x', signal: controller.signal }));
    expect([error.name, error.message, error.retryable]).toEqual([
      'TransportError',
      'test: the call was aborted',
      false,
    ]);
  });

  it('an answer cut off mid-body is a retryable TransportError with the status', async () => {
    server.answer = (_req, res) => {
      res.writeHead(201, { 'content-length': 100 });
      res.write('{"a":');
      setTimeout(() => res.destroy(), 20);
    };
    const error = await failure(transport().request({ method: 'POST', path: 'x' }));
    expect([error.name, error.message, error.status, error.retryable]).toEqual([
      'TransportError',
      'test: answer cut off: the connection closed mid-body',
      201,
      true,
    ]);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('a finished request leaves no timer and no abort listener behind', async () => {
    const controller = new AbortController();
    const t = transport({ timeoutMs: 60_000 });
    await t.request({ method: 'GET', path: 'warm' });
    const timers = () => process.getActiveResourcesInfo().filter((what) => what === 'Timeout').length;
    const before = timers();
    for (let i = 0; i < 3; i++) await t.request({ method: 'GET', path: 'x', signal: controller.signal });
    expect(timers()).toBeLessThanOrEqual(before);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("a body still arriving at the call's deadline says so, with the call's timeoutMs", async () => {
    const t = transport({ timeoutMs: 10_000 });
    await t.request({ method: 'GET', path: '/ok' }); // ky loads on a first request: not this one's time
    server.answer = badAnswers.slowBody;
    const started = performance.now();
    const error = await failure(
      t.request({ method: 'GET', path: '/slowBody', signal: callSignal('test', { timeoutMs: 500 }) }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/answer not complete within 500 ms: the headers came/);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('aborts at once on an AbortSignal', async () => {
    server.answer = badAnswers.slow;
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const error = await failure(
      transport({ timeoutMs: 5_000 }).request({ method: 'GET', path: '/slow', signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/aborted/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('HttpTransport: redirects and failures', () => {
  it.each([
    [301, '/elsewhere', 'HTTP status 301 to 127.0.0.1'],
    [303, 'https://other.example:8443/x', 'HTTP status 303 to other.example:8443'],
    [308, undefined, 'HTTP status 308 to no Location'],
    [302, 'mailto:someone@example.com', 'HTTP status 302 to a location without a host'],
    [307, 'http://[::1', 'HTTP status 307 to an unreadable Location'],
  ])(
    'a %i redirect (Location %s) is refused once, for GET and HEAD alike',
    async (status, location, what) => {
      server.answer = (_req, res) => res.writeHead(status, location ? { location } : {}).end('moved');
      for (const method of ['GET', 'HEAD'] as const) {
        const error = await failure(transport().request({ method, path: 'x' }));
        expect(error).toBeInstanceOf(ProtocolError);
        expect([error.message.replace(/:\d+$/, ''), error.status, error.retryable]).toEqual([
          `test: redirect refused: ${what}`.replace(/:\d+$/, ''),
          status,
          false,
        ]);
      }
      expect(server.requests).toHaveLength(2);
    },
  );

  it('a redirect is refused: a ProtocolError naming the status and host, never retried', async () => {
    server.answer = (_req, res) =>
      res.writeHead(307, { location: `https://evil.example/steal?APIKey=${CANARY_KEY}` }).end();
    const error = await failure(transport({ retryLimit: 2 }).request({ method: 'GET', path: '/x' }));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toBe('test: redirect refused: HTTP status 307 to evil.example');
    expect([error.status, error.retryable, server.requests.length]).toEqual([307, false, 1]);
  });

  it('a fetch that hides redirects (an opaque redirect, as in a browser) is refused the same way', async () => {
    const t = transport({
      fetch: async () => {
        const opaque = new Response(null, { status: 200 });
        Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 } });
        return opaque;
      },
    });
    const error = await failure(t.request({ method: 'GET', path: 'x' }));
    expect([error.name, error.message]).toEqual([
      'ProtocolError',
      'test: redirect refused: an HTTP redirect (fetch shows neither its status nor Location)',
    ]);
  });

  it.each(['POST', 'PUT'] as const)(
    'a redirect of a %s with a body is refused by fetch itself: a ProtocolError, sent once',
    async (method) => {
      server.answer = (_req, res) => res.writeHead(307, { location: 'https://evil.example/' }).end();
      const error = await failure(
        transport({ retryLimit: 2 }).request({ method, path: 'x', json: { apiKey: CANARY_KEY } }),
      );
      expect([error.name, error.message, error.status, error.retryable]).toEqual([
        'ProtocolError',
        'test: redirect refused: an HTTP redirect (fetch shows neither its status nor Location)',
        0,
        false,
      ]);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('asks fetch to refuse the redirect of a request with a body, and to hand back that of one without', async () => {
    // 'manual' makes undici copy (tee) a request body before sending it; 'error' does not (redirectMode.ts)
    const modes: RequestRedirect[] = [];
    const t = transport({
      fetch: async (input) => {
        modes.push((input as Request).redirect);
        return Response.json({ ok: true });
      },
    });
    await t.request({ method: 'POST', path: 'x', json: {} });
    await t.request({ method: 'GET', path: 'x' });
    await t.request({ method: 'DELETE', path: 'x' });
    expect(modes).toEqual(['error', 'manual', 'manual']);
  });

  it('a refused connection is a retryable TransportError naming the system code', async () => {
    const error = await failure(
      transport({ baseUrl: await closedPort(), retryLimit: 0 }).request({ method: 'POST', path: 'x' }),
    );
    expect([error.name, error.message, error.retryable]).toEqual([
      'TransportError',
      'test: network failure (ECONNREFUSED)',
      true,
    ]);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('a GET to a refused connection is tried again once within the deadline, and fails the same way', async () => {
    const closed = await closedPort();
    const attempts: string[] = [];
    const t = transport({
      baseUrl: closed,
      retryLimit: 1,
      fetch: (input, init) => {
        attempts.push('fetch');
        return fetch(input, init);
      },
    });
    expect((await failure(t.request({ method: 'GET', path: 'x' }))).message).toBe(
      'test: network failure (ECONNREFUSED)',
    );
    expect(attempts).toEqual(['fetch', 'fetch']);
  });

  it.each([
    ['AbortError', 'test: the call was aborted', false],
    ['TimeoutError', 'test: no answer within 2000 ms', true],
  ])("a fetch that fails with %s (not the caller's signal) says so", async (name, message, retryable) => {
    const t = transport({ fetch: async () => Promise.reject(new DOMException('stopped', name)) });
    const error = await failure(t.request({ method: 'POST', path: 'x' }));
    expect([error.name, error.message, error.retryable]).toEqual(['TransportError', message, retryable]);
  });

  it('AbortSignal.timeout() as the signal is a retryable timeout', async () => {
    server.answer = () => undefined; // never answers
    const error = await failure(
      transport().request({ method: 'GET', path: 'x', signal: AbortSignal.timeout(50) }),
    );
    expect([error.name, error.message, error.retryable]).toEqual([
      'TransportError',
      'test: the call timed out',
      true,
    ]);
  });

  it('a fetch that throws one of our errors hands it on as it is; one that throws nothing useful is a network failure', async () => {
    const ours = new ValidationError('no proxy library', { provider: 'test', field: 'proxyFromEnv' });
    expect(
      await failure(
        transport({ fetch: async () => Promise.reject(ours) }).request({ method: 'POST', path: 'x' }),
      ),
    ).toBe(ours);
    const nothing = await failure(
      transport({ fetch: async () => Promise.reject(undefined) }).request({ method: 'POST', path: 'x' }),
    );
    expect([nothing.name, nothing.message]).toEqual(['TransportError', 'test: network failure']);
  });

  /** The message of the network failure for a fetch that throws `thrown`. */
  const networkMessage = async (thrown: unknown) =>
    (
      await failure(
        transport({ fetch: async () => Promise.reject(thrown) }).request({ method: 'POST', path: 'x' }),
      )
    ).message;
  /** `depth` errors, each the cause of the one before, the last with `code`. */
  const chain = (depth: number, code: unknown): Error =>
    depth === 1
      ? Object.assign(new Error('deepest'), { code })
      : new Error('wrapper', { cause: chain(depth - 1, code) });

  it('names a system code found up to five errors deep in the cause chain', async () => {
    expect(await networkMessage(chain(2, 'UND_ERR_SOCKET'))).toBe('test: network failure (UND_ERR_SOCKET)');
    expect(await networkMessage(chain(5, 'ECONNRESET'))).toBe('test: network failure (ECONNRESET)');
    expect(await networkMessage(chain(6, 'ECONNRESET'))).toBe('test: network failure');
  });

  it.each([
    ['not a system code', chain(2, 'ERR_SOMETHING')],
    ['a number', chain(2, 104)],
    ['a cause chain that loops', Object.assign(new Error('loop'), { code: 'ERR_SOMETHING' })],
  ])('a failure whose code is %s is a network failure without one', async (_what, thrown) => {
    if (thrown.message === 'loop') thrown.cause = thrown;
    expect(await networkMessage(thrown)).toBe('test: network failure');
  });
});
