// The SOAP transport's HTTP (src/soap/soapHttp.ts: node-soap's requests on `node:http`), through a
// SoapTransport against a loopback server the test starts: what goes on the wire, which answers carry an
// envelope for node-soap to read and which are mapped by their status, the size limit, the one deadline
// and aborts.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  callSignal,
  ProtocolError,
  RateLimitError,
  ServiceError,
  TransportError,
} from '../src/index.js';
import type { SoapTransportOptions } from '../src/soap/index.js';
import { echo, echoed, echoService, echoTransport, envelope, NS, SOAP_REPLY } from './echoService.js';
import { failure, fields } from './failure.js';
import { badAnswers, closedPort, recordingLoopback } from './loopback.js';

const server = recordingLoopback(echoService);

const soap = (extra: Partial<SoapTransportOptions> = {}) => echoTransport(server.url, extra);

describe('SOAP over node:http: what is sent', () => {
  it("a POST with its own Content-Length and the operation's SOAPAction", async () => {
    await echo(soap());
    const [sent] = server.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.headers['content-length']).toBe(String(Buffer.byteLength(sent!.body)));
    expect(sent!.headers.soapaction).toBe(`"${NS}#echo"`);
  });

  it('a header Node will not write is a typed error, not a crash', async () => {
    const refused = await failure(echo(soap(), { headers: { 'x-bad': 'a\r\nb' } }));
    expect(refused).toBeInstanceOf(TransportError);
    expect(server.requests).toHaveLength(0);
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
});

describe('SOAP over node:http: answers', () => {
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
    server.answer = (_req, res) => res.writeHead(200).end(reply);
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
      server.answer = (_req, res) =>
        res.writeHead(status, status === 503 ? { 'retry-after': '4' } : {}).end(body);
      const error = await failure(echo(soap()));
      expect([error.name, error.message, error.status, error.retryable]).toEqual([
        name,
        message,
        status,
        retryable,
      ]);
    },
  );

  it('reads an envelope with text printed before it (a PHP notice)', async () => {
    // PHP with display_errors on prints its notice before the envelope
    server.answer = (_req, res, body) =>
      res.writeHead(200).end(`<br />\n<b>Notice</b>: Undefined index x<br />\n${SOAP_REPLY(body)}`);
    expect(await soap().call('echo', { text: 'hi' })).toEqual({ return: 'hi' });
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
  ] as const)('a server gone wrong (%s) is its typed error', async (name, type, message) => {
    server.answer = badAnswers[name];
    const error = await failure(echo(soap({ timeoutMs: 1_000 })));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(message);
  });

  it('a redirect is refused, naming the status and host', async () => {
    server.answer = (_req, res) => res.writeHead(302, { location: '/soap' }).end();
    const error = await failure(echo(soap()));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toMatch(/redirect refused: HTTP status 302 to 127\.0\.0\.1:\d+$/);
  });
});

describe('SOAP over node:http: limits, the deadline and aborts', () => {
  const limited = (declare: boolean, extra: number) => {
    const reply = echoed('sized');
    server.answer = (_req, res) => {
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
    server.answer = (_req, res) => {
      res.writeHead(200, { 'content-length': 5_000 });
      res.write('<?xml version="1.0"?>'); // and nothing more
    };
    const error = await failure(echo(soap({ maxResponseBytes: 1_000, timeoutMs: 10_000 })));
    expect([error.name, error.message]).toEqual(['ProtocolError', 'test: answer larger than 1000 bytes']);
  });

  it('an answer cut off mid-body is a retryable TransportError with the status', async () => {
    server.answer = (_req, res) => {
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
    expect(server.requests).toHaveLength(0);
  });

  it('AbortSignal.timeout() is a retryable timeout, before or after the headers; another abort mid-body is an abort', async () => {
    server.answer = () => undefined; // never answers
    expect(fields(await failure(echo(soap(), { signal: AbortSignal.timeout(50) })))).toMatchObject({
      name: 'TransportError',
      message: 'test: the call timed out',
      retryable: true,
    });
    server.answer = (_req, res) => {
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

  it('aborts on an AbortSignal', async () => {
    server.answer = badAnswers.slow;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await failure(echo(soap({ timeoutMs: 5_000 }), { signal: controller.signal }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/aborted/);
  });

  it("a body still arriving at the call's deadline says so, with the call's timeoutMs", async () => {
    server.answer = badAnswers.slowBody;
    const error = await failure(
      echo(soap({ timeoutMs: 10_000 }), { signal: callSignal('test', { timeoutMs: 500 }) }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/answer not complete within 500 ms: the headers came/);
  });
});
