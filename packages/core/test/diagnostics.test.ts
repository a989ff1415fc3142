// What the clients publish on node:diagnostics_channel (CHANNELS), exactly: one start and one end or
// error per request, paired by id, with no query string, credential or token in any payload.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/index.js';
import {
  CHANNELS,
  fingerprint,
  type LifecycleEvent,
  lifetime,
  MemoryTokenStore,
  type RequestEnd,
  type RequestFailure,
  type RequestStart,
  Secret,
  TokenManager,
} from '../src/index.js';
import { SoapTransport } from '../src/soap/index.js';
import { SOAP_REPLY, WSDL } from './echoService.js';
import { loopback } from './loopback.js';

const SECRET = 'diag-secret-7c1e';
let server: Awaited<ReturnType<typeof loopback>>;
beforeAll(async () => {
  server = await loopback((req, res, body) => {
    if (req.url!.startsWith('/soap')) return res.writeHead(200).end(SOAP_REPLY(body));
    if (req.url!.startsWith('/denied')) return res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
afterAll(() => server.close());

type Published = { channel: string; message: unknown };
let published: Published[] = [];
const listeners: [string, (message: unknown) => void][] = [];
/** Record what `channels` carry, until the test ends. */
function record(...channels: string[]) {
  for (const channel of channels) {
    const listener = (message: unknown) => published.push({ channel, message });
    subscribe(channel, listener);
    listeners.push([channel, listener]);
  }
}
afterEach(() => {
  for (const [channel, listener] of listeners.splice(0)) unsubscribe(channel, listener);
  published = [];
});
const REQUEST_CHANNELS = [CHANNELS.requestStart, CHANNELS.requestEnd, CHANNELS.requestError];
const origin = () => server.url.replace(/\/$/, '');
const http = () =>
  new HttpTransport({
    provider: 'test',
    baseUrl: server.url,
    headers: { authorization: new Secret(`Bearer ${SECRET}`) },
  });

describe('request channels', () => {
  it('names its channels x-auth:*', () => {
    expect(CHANNELS).toEqual({
      requestStart: 'x-auth:request:start',
      requestEnd: 'x-auth:request:end',
      requestError: 'x-auth:request:error',
      token: 'x-auth:token',
    });
  });

  it('an HTTP request: a start, then an end with the same id, the status and the duration', async () => {
    record(...REQUEST_CHANNELS);
    await http().request({ method: 'GET', path: '/ok', searchParams: { key: new Secret(SECRET) } });
    expect(published.map((p) => p.channel)).toEqual([CHANNELS.requestStart, CHANNELS.requestEnd]);
    const start = published[0]!.message as RequestStart;
    const end = published[1]!.message as RequestEnd;
    expect(start).toEqual({
      id: start.id,
      provider: 'test',
      transport: 'http',
      operation: 'GET',
      url: `${origin()}/ok`,
    });
    expect(end).toStrictEqual({ ...start, status: 200, durationMs: end.durationMs });
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
    expect(end.durationMs).toBeLessThan(10_000);
    expect(JSON.stringify(published)).not.toContain(SECRET);
  });

  it('ids are unique and increasing', async () => {
    record(CHANNELS.requestStart);
    await http().request({ method: 'GET', path: '/a' });
    await http().request({ method: 'GET', path: '/b' });
    const [first, second] = published.map((p) => (p.message as RequestStart).id);
    expect(second).toBeGreaterThan(first!);
  });

  it('a failed request: a start, then an error carrying the error the caller got, scrubbed', async () => {
    record(...REQUEST_CHANNELS);
    const caught = await http()
      .request({ method: 'POST', path: '/denied', searchParams: { key: new Secret(SECRET) } })
      .catch((error: unknown) => error);
    expect(published.map((p) => p.channel)).toEqual([CHANNELS.requestStart, CHANNELS.requestError]);
    const start = published[0]!.message as RequestStart;
    const failure = published[1]!.message as RequestFailure;
    expect(failure).toEqual({ ...start, durationMs: failure.durationMs, error: caught });
    expect(failure.durationMs).toBeGreaterThanOrEqual(0);
    expect(failure.durationMs).toBeLessThan(10_000);
    expect(failure.error.name).toBe('AuthenticationError');
    expect(`${JSON.stringify(published)} ${failure.error.message} ${failure.error.stack}`).not.toContain(
      SECRET,
    );
  });

  it('a SOAP call: transport soap, the operation, the endpoint without credentials or query; no status', async () => {
    record(...REQUEST_CHANNELS);
    const endpoint = `${server.url.replace('http://', `http://user:${SECRET}@`)}soap?token=${SECRET}`;
    const soap = new SoapTransport({ provider: 'test', wsdl: WSDL, endpoint });
    await soap.call('echo', { text: 'x' });
    const start = published[0]!.message as RequestStart;
    const end = published[1]!.message as RequestEnd;
    expect(start).toEqual({
      id: start.id,
      provider: 'test',
      transport: 'soap',
      operation: 'echo',
      url: `${origin()}/soap`,
    });
    expect(end).toStrictEqual({ ...start, durationMs: end.durationMs });
    expect(JSON.stringify(published)).not.toContain(SECRET);
  });

  it.each(REQUEST_CHANNELS)('publishes when only %s has a subscriber', async (channel) => {
    record(channel);
    await http()
      .request({ method: 'GET', path: '/ok' })
      .catch(() => undefined);
    await http()
      .request({ method: 'GET', path: '/denied' })
      .catch(() => undefined);
    expect(published.length).toBe(channel === CHANNELS.requestStart ? 2 : 1);
    expect(published.every((p) => p.channel === channel)).toBe(true);
  });
});

describe('token channel', () => {
  it('carries the lifecycle events, with a fingerprint, never the token, even when no listener is on the manager', async () => {
    record(CHANNELS.token);
    const manager = new TokenManager({
      provider: 'test',
      key: 'diagnostics-test',
      policy: lifetime(60_000),
      store: new MemoryTokenStore(),
      issue: async () => ({ token: SECRET }),
    });
    try {
      expect(await manager.get()).toBe(SECRET);
    } finally {
      manager.close();
    }
    const events = published.map((p) => p.message as LifecycleEvent);
    expect(events.map((e) => e.type)).toContain('issued');
    expect(events.find((e) => e.type === 'issued')).toMatchObject({
      provider: 'test',
      key: 'diagnostics-test',
      token: fingerprint(SECRET),
    });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
