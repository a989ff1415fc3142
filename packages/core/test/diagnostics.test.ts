// What the clients publish on node:diagnostics_channel, exactly: each request on the tracing channel
// x-auth:request (Node pairs its events), token events on x-auth:token, with no query string, credential
// or token in any payload; and nothing at all while nobody listens. Covers src/diagnostics.ts and the
// table of names, src/channels.ts (its NODE_DEBUG subscriber: debugLog.test.ts).
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { traced } from '../src/diagnostics.js';
import { HttpTransport } from '../src/http/index.js';
import {
  CHANNELS,
  fingerprint,
  type LifecycleEvent,
  lifetime,
  MemoryTokenStore,
  type RequestEnd,
  type RequestFailure,
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
    // the answer holds a token, as an authentication answer does: it must not reach a subscriber
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: SECRET }));
  });
});
afterAll(() => server.close());

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;
type Event = (typeof EVENTS)[number];
/** Each event seen: which one, the context object itself, and a copy of it as it was then. */
type Seen = { event: Event; context: object; asItWas: Record<string, unknown> };
let seen: Seen[] = [];
const requests = tracingChannel(CHANNELS.request);
const cleanups: (() => void)[] = [];
/** Record `events` of the request channel, until the test ends. */
function record(...events: Event[]) {
  for (const event of events) {
    const listener = (context: unknown) =>
      seen.push({ event, context: context as object, asItWas: { ...(context as object) } });
    requests[event].subscribe(listener);
    cleanups.push(() => requests[event].unsubscribe(listener));
  }
}
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  seen = [];
});
const origin = () => server.url.replace(/\/$/, '');
const http = () =>
  new HttpTransport({
    provider: 'test',
    baseUrl: server.url,
    headers: { authorization: new Secret(`Bearer ${SECRET}`) },
  });
/** Everything a subscriber could read, as text. */
const everything = () => JSON.stringify(seen.map((s) => s.asItWas));

describe('request tracing channel', () => {
  it('names every channel of the product in one table', () => {
    expect(CHANNELS).toEqual({
      request: 'x-auth:request',
      token: 'x-auth:token',
      redisUnreadable: 'x-auth:redis:unreadable',
    });
  });

  it('while nobody listens, a request is send() itself: no context read, no extra promise', () => {
    expect(requests.hasSubscribers).toBe(false);
    let reads = 0;
    const request = new Proxy(
      { provider: 'test', transport: 'http' as const, operation: 'GET', url: `${server.url}x?key=${SECRET}` },
      {
        get: (target, name) => {
          reads++;
          return target[name as keyof typeof target];
        },
      },
    );
    const sent = Promise.resolve('answer');
    expect(traced(request, () => sent)).toBe(sent);
    expect(reads).toBe(0);
  });

  it('an HTTP request: start, end, asyncStart, asyncEnd on one context, with the status and the duration', async () => {
    record(...EVENTS);
    const response = await http().request({
      method: 'GET',
      path: '/ok',
      searchParams: { key: new Secret(SECRET) },
    });
    expect(response.data).toEqual({ token: SECRET });
    expect(seen.map((s) => s.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(new Set(seen.map((s) => s.context)).size).toBe(1);
    const start = { provider: 'test', transport: 'http', operation: 'GET', url: `${origin()}/ok` };
    expect(seen[0]!.asItWas).toStrictEqual(start);
    const end = seen[3]!.context as RequestEnd;
    expect(end).toStrictEqual({ ...start, status: 200, durationMs: end.durationMs, result: undefined });
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
    expect(end.durationMs).toBeLessThan(10_000);
    expect(everything()).not.toContain(SECRET);
  });

  it('a failed request: start, end, then error, asyncStart, asyncEnd carrying the error the caller got, scrubbed', async () => {
    record(...EVENTS);
    const caught = await http()
      .request({ method: 'POST', path: '/denied', searchParams: { key: new Secret(SECRET) } })
      .catch((error: unknown) => error);
    expect(seen.map((s) => s.event)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const failure = seen[4]!.context as RequestFailure;
    expect(failure).toStrictEqual({
      provider: 'test',
      transport: 'http',
      operation: 'POST',
      url: `${origin()}/denied`,
      durationMs: failure.durationMs,
      error: caught,
    });
    expect(failure.durationMs).toBeGreaterThanOrEqual(0);
    expect(failure.durationMs).toBeLessThan(10_000);
    expect(failure.error.name).toBe('AuthenticationError');
    expect(`${everything()} ${failure.error.message} ${failure.error.stack}`).not.toContain(SECRET);
  });

  it('a SOAP call: transport soap, the operation, the endpoint without credentials or query; no status', async () => {
    record('asyncEnd');
    const endpoint = `${server.url.replace('http://', `http://user:${SECRET}@`)}soap?token=${SECRET}`;
    const soap = new SoapTransport({ provider: 'test', wsdl: WSDL, endpoint });
    await soap.call('echo', { text: 'x' });
    const end = seen[0]!.context as RequestEnd;
    expect(end).toStrictEqual({
      provider: 'test',
      transport: 'soap',
      operation: 'echo',
      url: `${origin()}/soap`,
      durationMs: end.durationMs,
      result: undefined,
    });
    expect(everything()).not.toContain(SECRET);
  });

  it.each(EVENTS)('traces when only %s has a subscriber', async (event) => {
    record(event);
    await http()
      .request({ method: 'GET', path: '/ok' })
      .catch(() => undefined);
    await http()
      .request({ method: 'GET', path: '/denied' })
      .catch(() => undefined);
    expect(seen.map((s) => s.event)).toEqual(event === 'error' ? ['error'] : [event, event]);
  });

  it('a subscriber that throws does not break the request; Node reports its error as uncaught', async () => {
    const thrown: unknown[] = [];
    // what Node does with a subscriber's error: rethrown on the next tick, as an uncaught exception
    process.setUncaughtExceptionCaptureCallback((error) => thrown.push(error));
    const broken = () => {
      throw new Error('subscriber bug');
    };
    requests.start.subscribe(broken);
    try {
      record('asyncEnd');
      const response = await http().request({ method: 'GET', path: '/ok' });
      expect(response.status).toBe(200);
      expect((seen[0]!.context as RequestEnd).status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
      expect(thrown).toEqual([new Error('subscriber bug')]);
    } finally {
      requests.start.unsubscribe(broken);
      process.setUncaughtExceptionCaptureCallback(null);
    }
  });
});

describe('token channel', () => {
  it('carries the lifecycle events, with a fingerprint, never the token, even when no listener is on the manager', async () => {
    const events: LifecycleEvent[] = [];
    const listener = (event: unknown) => events.push(event as LifecycleEvent);
    subscribe(CHANNELS.token, listener);
    cleanups.push(() => unsubscribe(CHANNELS.token, listener));
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
    expect(events.map((e) => e.type)).toContain('issued');
    expect(events.find((e) => e.type === 'issued')).toMatchObject({
      provider: 'test',
      key: 'diagnostics-test',
      token: fingerprint(SECRET),
    });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
