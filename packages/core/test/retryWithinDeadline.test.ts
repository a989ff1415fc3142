// Retries within the one deadline (src/http/retryWithinDeadline.ts): only GET and HEAD, only on the retried
// statuses (httpTransport.test.ts counts them), and ky retries only while the wait before
// the next attempt (a 503's Retry-After, else the backoff) ends before the deadline; otherwise the answer is
// reported at once. Directly, and through HttpTransport against a loopback server the test starts.
import { describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/index.js';
import { backoffMs, fitsDeadline } from '../src/http/retryWithinDeadline.js';
import { callSignal, ServiceError } from '../src/index.js';
import { failure } from './failure.js';
import { recordingLoopback } from './loopback.js';

const server = recordingLoopback((_req, res) => res.writeHead(503).end());

const transport = (extra: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}) =>
  new HttpTransport({ provider: 'test', baseUrl: server.url, timeoutMs: 2_000, ...extra });

/** ky's error for an answer of `status`, in the shape `fitsDeadline` reads. */
const answered = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${status}`), {
    response: new Response(null, {
      status,
      headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
    }),
  });

describe('backoffMs and fitsDeadline', () => {
  it('the backoff doubles from 300 ms', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([300, 600, 1_200, 2_400]);
  });

  it('leaves the decision to ky while the backoff ends before the deadline; says no once it would not', () => {
    const now = performance.now();
    expect(fitsDeadline(answered(500), 1, now + 1_000)).toBeUndefined();
    expect(fitsDeadline(answered(500), 2, now + 1_000)).toBeUndefined();
    expect(fitsDeadline(answered(500), 3, now + 1_000)).toBe(false);
    expect(fitsDeadline(new Error('network failure'), 1, now + 250)).toBe(false);
    expect(fitsDeadline(new Error('network failure'), 1, now + 1_000)).toBeUndefined();
  });

  it("only a 503's Retry-After replaces the backoff", () => {
    const now = performance.now();
    expect(fitsDeadline(answered(503, '0'), 1, now + 250)).toBeUndefined();
    expect(fitsDeadline(answered(503, '5'), 1, now + 1_000)).toBe(false);
    expect(fitsDeadline(answered(502, '0'), 1, now + 250)).toBe(false);
    expect(fitsDeadline(answered(503), 1, now + 250)).toBe(false);
  });
});

describe('HttpTransport: retries within the deadline', () => {
  it('retries only while the next backoff (300 ms, then 600 ms) fits the deadline', async () => {
    server.answer = (_req, res) => res.writeHead(503).end();
    // 300 ms fits in 800, the next 600 never does: two requests, then the 503 itself, not a timeout
    const error = await failure(
      transport({ timeoutMs: 800, retryLimit: 5 }).request({ method: 'GET', path: 'x' }),
    );
    expect([error.name, error.message, server.requests.length]).toEqual([
      'ServiceError',
      `test: server error (HTTP 503) from GET ${server.url}x`,
      2,
    ]);
  });

  it("a call's longer deadline does not stretch the transport's own", async () => {
    server.answer = (_req, res) => res.writeHead(503).end();
    const error = await failure(
      transport({ timeoutMs: 800, retryLimit: 5 }).request({
        method: 'GET',
        path: 'x',
        signal: callSignal('test', { timeoutMs: 10_000 }),
      }),
    );
    expect([error.name, server.requests.length]).toEqual(['ServiceError', 2]);
  });

  it("a 503's Retry-After replaces the backoff: 0 s is retried within a deadline the backoff does not fit", async () => {
    server.answer = (_req, res) =>
      res.writeHead(server.requests.length === 1 ? 503 : 200, { 'retry-after': '0' }).end('{}');
    const t = transport({ timeoutMs: 290, retryLimit: 1 });
    await t.request({ method: 'GET', path: 'warm' }).catch(() => undefined); // ky loads on a first request
    server.reset();
    // whether the second answer also fits in 290 ms is the machine's business: that it was asked for is ours
    await t.request({ method: 'GET', path: 'x' }).catch(() => undefined);
    expect(server.requests.length).toBe(2);
    // other statuses' Retry-After is not theirs to follow: the 300 ms backoff does not fit
    server.reset();
    server.answer = (_req, res) => res.writeHead(502, { 'retry-after': '0' }).end();
    expect((await failure(t.request({ method: 'GET', path: 'x' }))).status).toBe(502);
    expect(server.requests.length).toBe(1);
  });

  it('a retry that gets no answer still ends at the one deadline, not a full timeout after it began', async () => {
    // the first answer is a 503 after 200 ms; the retry (300 ms later) never gets one: each attempt's own
    // timeout would end it at 200 + 300 + 900 ms, the request's deadline at 900 ms
    server.answer = (_req, res) => {
      if (server.requests.length === 1) setTimeout(() => res.writeHead(503).end(), 200);
    };
    const t = transport({ timeoutMs: 900, retryLimit: 1 });
    const started = performance.now();
    const error = await failure(t.request({ method: 'GET', path: 'x' }));
    const took = performance.now() - started;
    expect([error.name, error.message, server.requests.length]).toEqual([
      'TransportError',
      'test: no answer within 900 ms',
      2,
    ]);
    expect(took).toBeGreaterThanOrEqual(850);
    expect(took).toBeLessThan(1_250);
  });

  it("a Retry-After past the deadline (the transport's or the call's) is not waited for, and is named", async () => {
    server.answer = (_req, res) => res.writeHead(503, { 'retry-after': '5' }).end();
    const own = transport({ timeoutMs: 1_000 });
    const roomy = transport({ timeoutMs: 10_000 });
    for (const send of [
      () => own.request({ method: 'GET', path: '/x' }),
      () => roomy.request({ method: 'GET', path: '/x', signal: callSignal('test', { timeoutMs: 1_000 }) }),
    ]) {
      server.reset();
      const started = performance.now();
      const error = await failure(send());
      expect(error).toBeInstanceOf(ServiceError);
      expect(error.message).toMatch(/HTTP 503.*; the server asked to retry in 5 s$/);
      expect([server.requests.length, error.retryable]).toEqual([1, true]);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
