// SoapTransport (node-soap on our own node:http client) against a loopback server the test starts: its
// options, the envelope and headers it sends, how faults and unreadable answers map to the error family,
// and a WSDL loaded from a URL. Covers src/soap/index.ts too (the `@x/core/soap` entry, imported from it
// here) and src/soap/soapLibrary.ts (what the transport loads on its first call: every call below).
// The HTTP under it (limits, deadline, aborts, answers with no envelope) is soapHttp.test.ts; proxies
// from the environment, proxyEnv.test.ts.
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { describe, expect, it } from 'vitest';
import { Secret, ValidationError } from '../src/index.js';
import { SoapTransport, type SoapTransportOptions } from '../src/soap/index.js';
import { echo, echoService, echoTransport, envelope, NS, SOAP_REPLY, WSDL } from './echoService.js';
import { failure, fields } from './failure.js';
import { recordingLoopback } from './loopback.js';

const server = recordingLoopback(echoService);

const soap = (extra: Partial<SoapTransportOptions> = {}) => echoTransport(server.url, extra);

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
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an https.Agent for an http endpoint, naming the field', () => {
    expect(() => soap({ agent: new HttpsAgent() })).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'agent' }),
    );
    expect(() => soap({ agent: new Agent(), proxyFromEnv: true })).toThrow(ValidationError);
  });

  it('refuses an unknown operation before sending', async () => {
    await expect(soap().call('nope', {})).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('SoapTransport: what is sent', () => {
  it('sends cookies URL-encoded and joined, and call headers over transport headers', async () => {
    await echo(soap({ headers: { 'x-app': 'transport', 'x-key': new Secret('k-1') } }), {
      headers: { 'x-app': 'call' },
      cookies: { authToken: new Secret('a b;c'), site: 'one' },
    });
    expect(server.requests[0]!.headers).toMatchObject({
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

  it('copies the result, so that an element named prototype is not kept', async () => {
    server.answer = (_req, res) =>
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

  it('escapes user strings in the envelope; they reach the server literally', async () => {
    const nasty = '</text><api_id>1</api_id>&amp;<![CDATA[x]]>';
    const result = (await soap().call('echo', { text: new Secret(nasty) })) as { return: string };
    expect(server.requests[0]!.body).not.toContain('<api_id>');
    expect(result.return).toBe(nasty);
  });

  it('sends cookies and extra headers', async () => {
    await soap().call(
      'echo',
      { text: 'x' },
      { cookies: { authToken: new Secret('tok-abc') }, headers: { 'x-extra': '1' } },
    );
    expect(server.requests[0]!.headers.cookie).toBe('authToken=tok-abc');
    expect(server.requests[0]!.headers['x-extra']).toBe('1');
  });
});

describe('SoapTransport: faults and unreadable envelopes', () => {
  it('a SOAP fault is a ServiceError with the fault code; retryable only on 503, with its Retry-After', async () => {
    const fault = envelope(
      '<S:Fault><faultcode>S:Server</faultcode><faultstring>no balance</faultstring></S:Fault>',
    );
    server.answer = (_req, res) => res.writeHead(500).end(fault);
    expect(fields(await failure(echo(soap())))).toMatchObject({
      name: 'ServiceError',
      message: 'test: SOAP fault: no balance (code S:Server)',
      code: 'S:Server',
      status: 500,
      retryable: false,
    });
    server.answer = (_req, res) => res.writeHead(503, { 'retry-after': '9' }).end(fault);
    expect(fields(await failure(echo(soap())))).toMatchObject({
      message: 'test: SOAP fault: no balance; the server asked to retry in 9 s (code S:Server)',
      status: 503,
      retryable: true,
    });
  });

  it('a fault without code or text is still a ServiceError', async () => {
    server.answer = (_req, res) =>
      res.writeHead(500).end(envelope('<S:Fault><detail>none</detail></S:Fault>'));
    expect(fields(await failure(echo(soap())))).toMatchObject({
      name: 'ServiceError',
      message: 'test: SOAP fault: SOAP fault (code Fault)',
      code: 'Fault',
    });
  });

  it('an error status with an empty envelope is read by its status', async () => {
    server.answer = (_req, res) =>
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
    server.answer = (_req, res) => res.writeHead(200).end(envelope('<e:echoResponse><return>open'));
    const error = await failure(echo(soap()));
    expect([error.name, error.message, error.status]).toEqual([
      'ProtocolError',
      'test: answer is not a SOAP envelope this WSDL describes',
      200,
    ]);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
describe('SoapTransport: a WSDL from a URL', () => {
  const fromUrl = (path: string, extra: Partial<SoapTransportOptions> = {}) =>
    soap({ wsdl: `${server.url}${path}`, ...extra });
  const wsdlGets = () => server.requests.filter((r) => r.method === 'GET').length;

  it('is fetched once per transport, not cached across transports (a site may change it)', async () => {
    const t = fromUrl('service.wsdl');
    await echo(t);
    await echo(t);
    await echo(fromUrl('service.wsdl'));
    expect(wsdlGets()).toBe(2);
  });

  it('may be up to eight times maxResponseBytes', async () => {
    const padded = `${WSDL}<!--${' '.repeat(8 * 400 - Buffer.byteLength(WSDL) - 7)}-->`;
    server.answer = (req, res, body) =>
      res.writeHead(200).end(req.method === 'GET' ? padded : SOAP_REPLY(body));
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
    server.answer = (req, res) => {
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
    server.answer = () => undefined;
    const t = fromUrl('service.wsdl', { timeoutMs: 300 });
    const late = await failure(echo(t));
    expect([late.name, (late.cause as Error).message]).toEqual([
      'ProtocolError',
      'test: no answer within 300 ms',
    ]);
    server.answer = (_req, res) => res.writeHead(404).end('<html>gone</html>');
    const missing = await failure(echo(t));
    expect((missing.cause as Error).message).toBe('test: request refused (HTTP 404)');
    server.answer = (req, res, body) =>
      req.method === 'GET' ? res.writeHead(200).end(WSDL) : res.writeHead(200).end(SOAP_REPLY(body));
    expect(await echo(t)).toEqual({ return: 'x' });
  });

  it('is loaded over the same HTTP; a WSDL URL that fails is a ProtocolError', async () => {
    server.answer = (req, res, body) => {
      if (req.url === '/service.wsdl') return res.writeHead(200, { 'content-type': 'text/xml' }).end(WSDL);
      if (req.url === '/soap')
        return res.writeHead(200, { 'content-type': 'text/xml' }).end(SOAP_REPLY(body));
      res.writeHead(404).end();
    };
    const fromUrl = (path: string) =>
      new SoapTransport({ provider: 'test', wsdl: `${server.url}${path}`, endpoint: `${server.url}soap` });
    expect(await fromUrl('service.wsdl').call('echo', { text: 'by url' })).toEqual({ return: 'by url' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /service.wsdl', 'POST /soap']);
    await expect(fromUrl('missing.wsdl').call('echo', { text: 'x' })).rejects.toThrow(
      expect.objectContaining({ name: 'ProtocolError', message: 'test: could not load the WSDL' }),
    );
  });
});
