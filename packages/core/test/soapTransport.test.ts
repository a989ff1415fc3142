// SoapTransport (node-soap on our own node:http client) against a loopback server the test starts: what
// reaches the server, the one deadline, the size limit, and the typed error for each kind of answer.
import { getEventListeners } from 'node:events';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ProviderError, Secret, TransportError } from '../src/index.js';
import { SoapTransport, type SoapTransportOptions } from '../src/soap/index.js';
import { NS, SOAP_REPLY, WSDL } from './echoService.js';
import { closedPort, forwardProxy, loopback, withEnv } from './loopback.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let server: Awaited<ReturnType<typeof loopback>>;
let answer: Handler;
let requests: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[];
const echoed = (text: string) => SOAP_REPLY(`<text>${text}</text>`);

beforeAll(async () => {
  server = await loopback((req, res, body) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    answer(req, res, body);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  requests = [];
  answer = (req, res, body) =>
    req.url === '/service.wsdl'
      ? res.writeHead(200).end(WSDL)
      : res.writeHead(200, { 'content-type': 'text/xml' }).end(SOAP_REPLY(body));
});

const soap = (extra: Partial<SoapTransportOptions> = {}) =>
  new SoapTransport({
    provider: 'test',
    wsdl: WSDL,
    endpoint: `${server.url}soap`,
    timeoutMs: 2_000,
    ...extra,
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('resolved'),
    (error: unknown) => error as ProviderError,
  );
/** What a user reads off an error (its message and name are not enumerable). */
const fields = (error: ProviderError) => ({
  name: error.name,
  message: error.message,
  code: error.code,
  status: error.status,
  retryable: error.retryable,
  retryAfterMs: (error as { retryAfterMs?: number }).retryAfterMs,
  field: (error as { field?: string }).field,
});
const echo = (transport: SoapTransport, options = {}) => transport.call('echo', { text: 'x' }, options);
const envelope = (body: string, prefix = 'S') =>
  `<?xml version="1.0"?><${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/"><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;

describe('SoapTransport: construction', () => {
  it.each([
    [{ endpoint: 'not a url' }, 'test: endpoint is not a valid URL', 'endpoint'],
    [{ endpoint: 'ftp://example.com/' }, 'test: endpoint must be http(s)', 'endpoint'],
    [
      { agent: new Agent({ protocol: 'https:' } as never) },
      'test: agent is for https: but the endpoint is http:',
      'agent',
    ],
    [
      { agent: new Agent(), proxyFromEnv: true },
      'test: pass either agent or proxyFromEnv, not both',
      'proxyFromEnv',
    ],
  ])('refuses %o before anything is sent', (options, message, field) => {
    expect(() => soap(options)).toThrow(
      expect.objectContaining({ name: 'ValidationError', message, field, provider: 'test' }),
    );
  });

  it('defaults to a 10 s deadline and keeps the endpoint as given', () => {
    const t = new SoapTransport({ provider: 'test', wsdl: WSDL, endpoint: 'https://example.com/api' });
    expect([t.timeoutMs, t.endpoint]).toEqual([10_000, 'https://example.com/api']);
  });

  it('refuses an operation the WSDL lacks, naming it', async () => {
    expect(fields(await failure(soap().call('nope', {})))).toMatchObject({
      name: 'ValidationError',
      message: 'test: the WSDL has no operation "nope"',
      field: 'operation',
    });
    expect(requests).toHaveLength(0);
  });
});

describe('SoapTransport: what is sent', () => {
  it('sends cookies URL-encoded and joined, and call headers over transport headers', async () => {
    await echo(soap({ headers: { 'x-app': 'transport', 'x-key': new Secret('k-1') } }), {
      headers: { 'x-app': 'call' },
      cookies: { authToken: new Secret('a b;c'), site: 'one' },
    });
    expect(requests[0]!.headers).toMatchObject({
      cookie: 'authToken=a%20b%3Bc; site=one',
      'x-app': 'call',
      'x-key': 'k-1',
    });
  });

  it('goes through the agent you pass', async () => {
    const agent = new Agent({ keepAlive: true });
    try {
      await echo(soap({ agent }));
      expect(Object.keys(agent.freeSockets)).toHaveLength(1);
    } finally {
      agent.destroy();
    }
  });

  it('an https endpoint is called over TLS (here: nothing listens)', async () => {
    const endpoint = (await closedPort()).replace('http:', 'https:');
    const error = await failure(echo(soap({ endpoint })));
    expect([error.name, error.message, error.retryable]).toEqual([
      'TransportError',
      'test: network failure (ECONNREFUSED)',
      true,
    ]);
  });

  it('copies the result, so that an element named prototype is not kept', async () => {
    answer = (_req, res) =>
      res
        .writeHead(200)
        .end(
          envelope(
            `<e:echoResponse xmlns:e="${NS}"><return>ok</return><prototype><polluted>yes</polluted></prototype></e:echoResponse>`,
          ),
        );
    const result = (await echo(soap())) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['return']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('SoapTransport: answers', () => {
  it.each([
    [
      'no prefix',
      `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><e:echoResponse xmlns:e="${NS}"><return>plain</return></e:echoResponse></Body></Envelope>`,
    ],
    [
      'a prefix with a dash',
      envelope(`<e:echoResponse xmlns:e="${NS}"><return>plain</return></e:echoResponse>`, 'SOAP-ENV'),
    ],
  ])('reads an envelope with %s', async (_what, reply) => {
    answer = (_req, res) => res.writeHead(200).end(reply);
    expect(await echo(soap())).toEqual({ return: 'plain' });
  });

  it.each([
    [200, '<html>Envelope</html>', 'ProtocolError', 'test: answer is not a SOAP envelope', false],
    [
      200,
      '<html>you sent: …</S:Envelope></html>',
      'ProtocolError',
      'test: answer is not a SOAP envelope',
      false,
    ],
    [
      300,
      envelope('<e:echoResponse><return>open'),
      'ProtocolError',
      'test: unexpected HTTP status 300',
      false,
    ],
    [300, '<html>choose</html>', 'ProtocolError', 'test: unexpected HTTP status 300', false],
    [404, '', 'ServiceError', 'test: request refused (HTTP 404)', false],
    [502, 'Bad gateway', 'ServiceError', 'test: server error (HTTP 502)', true],
    [
      503,
      '<html>busy</html>',
      'ServiceError',
      'test: server error (HTTP 503); the server asked to retry in 4 s',
      true,
    ],
  ])(
    'an answer with no envelope is read by its status: %i',
    async (status, body, name, message, retryable) => {
      answer = (_req, res) => res.writeHead(status, status === 503 ? { 'retry-after': '4' } : {}).end(body);
      const error = await failure(echo(soap()));
      expect([error.name, error.message, error.status, error.retryable]).toEqual([
        name,
        message,
        status,
        retryable,
      ]);
    },
  );

  it('a SOAP fault is a ServiceError with the fault code; retryable only on 503, with its Retry-After', async () => {
    const fault = envelope(
      '<S:Fault><faultcode>S:Server</faultcode><faultstring>no balance</faultstring></S:Fault>',
    );
    answer = (_req, res) => res.writeHead(500).end(fault);
    expect(fields(await failure(echo(soap())))).toMatchObject({
      name: 'ServiceError',
      message: 'test: SOAP fault: no balance (code S:Server)',
      code: 'S:Server',
      status: 500,
      retryable: false,
    });
    answer = (_req, res) => res.writeHead(503, { 'retry-after': '9' }).end(fault);
    expect(fields(await failure(echo(soap())))).toMatchObject({
      message: 'test: SOAP fault: no balance; the server asked to retry in 9 s (code S:Server)',
      status: 503,
      retryable: true,
    });
  });

  it('a fault without code or text is still a ServiceError', async () => {
    answer = (_req, res) => res.writeHead(500).end(envelope('<S:Fault><detail>none</detail></S:Fault>'));
    expect(fields(await failure(echo(soap())))).toMatchObject({
      name: 'ServiceError',
      message: 'test: SOAP fault: SOAP fault (code Fault)',
      code: 'Fault',
    });
  });

  it('an error status with an empty envelope is read by its status', async () => {
    answer = (_req, res) =>
      res
        .writeHead(429, { 'retry-after': '2' })
        .end('<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Header/></S:Envelope>');
    expect(fields(await failure(echo(soap())))).toMatchObject({
      name: 'RateLimitError',
      message: 'test: too many requests (HTTP 429); the server asked to retry in 2 s',
      retryAfterMs: 2_000,
    });
  });

  it('an envelope that cannot be read is a ProtocolError with the cause', async () => {
    answer = (_req, res) => res.writeHead(200).end(envelope('<e:echoResponse><return>open'));
    const error = await failure(echo(soap()));
    expect([error.name, error.message, error.status]).toEqual([
      'ProtocolError',
      'test: answer is not a SOAP envelope this WSDL describes',
      200,
    ]);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('SoapTransport: limits and the deadline', () => {
  const limited = (declare: boolean, extra: number) => {
    const reply = echoed('sized');
    answer = (_req, res) => {
      if (declare) return res.writeHead(200, { 'content-length': Buffer.byteLength(reply) }).end(reply);
      res.writeHead(200);
      res.write(reply.slice(0, 10));
      res.end(reply.slice(10));
    };
    return echo(soap({ maxResponseBytes: Buffer.byteLength(reply) + extra }));
  };

  it.each([true, false])(
    'accepts an answer of exactly maxResponseBytes, refuses one byte more (declared: %s)',
    async (declare) => {
      expect(await limited(declare, 0)).toEqual({ return: 'sized' });
      const error = await failure(limited(declare, -1));
      expect([error.name, error.message]).toEqual([
        'ProtocolError',
        expect.stringMatching(/^test: answer larger than \d+ bytes$/),
      ]);
    },
  );

  it('a declared length over the limit is refused at once, before the body comes', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-length': 5_000 });
      res.write('<?xml version="1.0"?>'); // and nothing more
    };
    const error = await failure(echo(soap({ maxResponseBytes: 1_000, timeoutMs: 10_000 })));
    expect([error.name, error.message]).toEqual(['ProtocolError', 'test: answer larger than 1000 bytes']);
  });

  it('an answer cut off mid-body is a retryable TransportError with the status', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-length': 500 });
      res.write('<?xml version="1.0"?>');
      setTimeout(() => res.destroy(), 20);
    };
    const error = await failure(echo(soap()));
    expect([error.name, error.message, error.status, error.retryable]).toEqual([
      'TransportError',
      'test: answer cut off: the connection closed mid-body',
      200,
      true,
    ]);
  });

  it('an already aborted signal sends nothing', async () => {
    const t = soap();
    const error = await failure(echo(t, { signal: AbortSignal.abort() }));
    expect([error.name, error.message, error.retryable]).toEqual([
      'TransportError',
      'test: the call was aborted',
      false,
    ]);
    expect(requests).toHaveLength(0);
  });

  it('AbortSignal.timeout() is a retryable timeout, before or after the headers; another abort mid-body is an abort', async () => {
    answer = () => undefined; // never answers
    expect(fields(await failure(echo(soap(), { signal: AbortSignal.timeout(50) })))).toMatchObject({
      name: 'TransportError',
      message: 'test: the call timed out',
      retryable: true,
    });
    answer = (_req, res) => {
      res.writeHead(200);
      res.write('<?xml version="1.0"?>');
      controller.abort();
    };
    const controller = new AbortController();
    expect(fields(await failure(echo(soap(), { signal: controller.signal })))).toMatchObject({
      name: 'TransportError',
      message: 'test: the call was aborted',
      retryable: false,
    });
  });

  it('a finished call leaves no timer and no abort listener behind', async () => {
    const controller = new AbortController();
    const t = soap({ timeoutMs: 60_000 });
    await echo(t);
    const timers = () => process.getActiveResourcesInfo().filter((what) => what === 'Timeout').length;
    const before = timers();
    for (let i = 0; i < 3; i++) await echo(t, { signal: controller.signal });
    expect(timers()).toBeLessThanOrEqual(before);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('SoapTransport: a WSDL from a URL', () => {
  const fromUrl = (path: string, extra: Partial<SoapTransportOptions> = {}) =>
    soap({ wsdl: `${server.url}${path}`, ...extra });
  const wsdlGets = () => requests.filter((r) => r.method === 'GET').length;

  it('is fetched once per transport, not cached across transports (a site may change it)', async () => {
    const t = fromUrl('service.wsdl');
    await echo(t);
    await echo(t);
    await echo(fromUrl('service.wsdl'));
    expect(wsdlGets()).toBe(2);
  });

  it('may be up to eight times maxResponseBytes', async () => {
    const padded = `${WSDL}<!--${' '.repeat(8 * 400 - Buffer.byteLength(WSDL) - 7)}-->`;
    answer = (req, res, body) => res.writeHead(200).end(req.method === 'GET' ? padded : SOAP_REPLY(body));
    expect(Buffer.byteLength(padded)).toBe(3_200);
    expect(await echo(fromUrl('service.wsdl', { maxResponseBytes: 400 }))).toEqual({ return: 'x' });
    const error = await failure(echo(fromUrl('service.wsdl', { maxResponseBytes: 399 })));
    expect([error.name, error.message, (error.cause as Error).message]).toEqual([
      'ProtocolError',
      'test: could not load the WSDL',
      'test: answer larger than 3192 bytes',
    ]);
  });

  it('loading it counts against the first call’s deadline', async () => {
    answer = (req, res) => {
      if (req.method === 'GET') setTimeout(() => res.writeHead(200).end(WSDL), 400);
      // the call itself is never answered
    };
    const started = performance.now();
    const error = await failure(echo(fromUrl('service.wsdl', { timeoutMs: 700 })));
    expect([error.name, error.message]).toEqual(['TransportError', 'test: no answer within 700 ms']);
    // 700 ms from the call, not 700 ms from the request after the WSDL (1,100 ms)
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a WSDL that does not come in time, or comes as an error, is a ProtocolError with that cause; the next call tries again', async () => {
    answer = () => undefined;
    const t = fromUrl('service.wsdl', { timeoutMs: 300 });
    const late = await failure(echo(t));
    expect([late.name, (late.cause as Error).message]).toEqual([
      'ProtocolError',
      'test: no answer within 300 ms',
    ]);
    answer = (_req, res) => res.writeHead(404).end('<html>gone</html>');
    const missing = await failure(echo(t));
    expect((missing.cause as Error).message).toBe('test: request refused (HTTP 404)');
    answer = (req, res, body) =>
      req.method === 'GET' ? res.writeHead(200).end(WSDL) : res.writeHead(200).end(SOAP_REPLY(body));
    expect(await echo(t)).toEqual({ return: 'x' });
  });
});

describe('SoapTransport: proxy from the environment', () => {
  const NO_VARIABLES = {
    HTTP_PROXY: undefined,
    http_proxy: undefined,
    HTTPS_PROXY: undefined,
    https_proxy: undefined,
    NO_PROXY: undefined,
    no_proxy: undefined,
  };

  it('follows the variables as they were when the transport was made, each transport its own', async () => {
    const [first, second] = [await forwardProxy(), await forwardProxy()];
    try {
      const viaFirst = await withEnv({ ...NO_VARIABLES, HTTP_PROXY: first.url }, async () =>
        soap({ proxyFromEnv: true }),
      );
      const viaSecond = await withEnv({ ...NO_VARIABLES, http_proxy: second.url }, async () =>
        soap({ proxyFromEnv: true }),
      );
      const direct = await withEnv(
        { ...NO_VARIABLES, HTTP_PROXY: first.url, NO_PROXY: '127.0.0.1' },
        async () => soap({ proxyFromEnv: true }),
      );
      const lowerNoProxy = await withEnv(
        { ...NO_VARIABLES, HTTP_PROXY: first.url, no_proxy: '127.0.0.1' },
        async () => soap({ proxyFromEnv: true }),
      );
      for (const t of [viaFirst, viaSecond, direct, lowerNoProxy])
        expect(await echo(t)).toEqual({ return: 'x' });
      expect([first.seen, second.seen]).toEqual([[`POST ${server.url}soap`], [`POST ${server.url}soap`]]);
      expect(requests).toHaveLength(4);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it.each([['HTTPS_PROXY'], ['https_proxy']])('an https endpoint tunnels through %s', async (variable) => {
    const proxy = await forwardProxy();
    const endpoint = (await closedPort()).replace('http:', 'https:');
    try {
      const t = await withEnv({ ...NO_VARIABLES, [variable]: proxy.url }, async () =>
        soap({ endpoint, proxyFromEnv: true }),
      );
      expect(await failure(echo(t))).toBeInstanceOf(TransportError);
      expect(proxy.seen).toEqual([`CONNECT ${new URL(endpoint).host}`]);
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ['20.19.0', false],
    ['22.20.0', false],
    ['22.21.0', true],
    ['23.11.0', false],
    ['24.4.1', false],
    ['24.5.0', true],
    ['25.0.0', true],
  ])('on Node %s, proxyFromEnv is supported: %s', (version, supported) => {
    const versions = Object.getOwnPropertyDescriptor(process, 'versions')!;
    Object.defineProperty(process, 'versions', {
      ...versions,
      value: { ...process.versions, node: version },
    });
    try {
      const make = () => soap({ proxyFromEnv: true });
      if (supported) expect(make).not.toThrow();
      else
        expect(make).toThrow(
          expect.objectContaining({
            name: 'ValidationError',
            message: 'test: proxyFromEnv for SOAP needs Node 22.21, 24.5 or later',
            field: 'proxyFromEnv',
          }),
        );
    } finally {
      Object.defineProperty(process, 'versions', versions);
    }
  });
});
