// The one mapping of an HTTP status (and its Retry-After) to the error family, as a user of a transport
// meets it: class, name, message, status, retryable, retryAfterMs.
import { describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/index.js';
import { type ProviderError, RateLimitError, ServiceError } from '../src/index.js';
import { loopback } from './loopback.js';

/** The error an HTTP transport gives for one answer (`status`, with these headers), not retried. */
async function errorFor(status: number, headers: Record<string, string> = {}, options = {}) {
  const server = await loopback((_req, res) => res.writeHead(status, headers).end());
  try {
    const transport = new HttpTransport({ provider: 'test', baseUrl: server.url, retryLimit: 0, ...options });
    return await transport.request({ method: 'POST', path: 'x' }).then(
      () => expect.fail('resolved'),
      (error: unknown) => ({ error: error as ProviderError, from: `from POST ${server.url}x` }),
    );
  } finally {
    await server.close();
  }
}

describe('errorForStatus', () => {
  it.each([
    [400, 'ServiceError', 'request refused (HTTP 400)', false],
    [401, 'AuthenticationError', 'unauthorized (HTTP 401)', false],
    [403, 'AuthenticationError', 'unauthorized (HTTP 403)', false],
    [404, 'ServiceError', 'request refused (HTTP 404)', false],
    [429, 'RateLimitError', 'too many requests (HTTP 429)', true],
    [499, 'ServiceError', 'request refused (HTTP 499)', false],
    [500, 'ServiceError', 'server error (HTTP 500)', true],
    [503, 'ServiceError', 'server error (HTTP 503)', true],
    [304, 'ProtocolError', 'unexpected HTTP status 304', false],
    [300, 'ProtocolError', 'unexpected HTTP status 300', false],
  ])('%i is a %s: "%s", retryable %s', async (status, name, what, retryable) => {
    const { error, from } = await errorFor(status);
    expect([error.name, error.message, error.status, error.retryable, error.provider]).toEqual([
      name,
      `test: ${what} ${from}`,
      status,
      retryable,
      'test',
    ]);
  });
});

describe('Retry-After', () => {
  it('in seconds: the wait, in ms and in the message', async () => {
    const { error, from } = await errorFor(429, { 'retry-after': '120' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(error.message).toBe(
      `test: too many requests (HTTP 429) ${from}; the server asked to retry in 120 s`,
    );
  });

  it('as an HTTP date: the time until then, rounded up to whole seconds in the message', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000);
    const { error } = await errorFor(429, { 'retry-after': at.toUTCString() });
    const ms = (error as RateLimitError).retryAfterMs!;
    expect(ms).toBeGreaterThan(25_000);
    expect(ms).toBeLessThanOrEqual(30_000);
    const seconds = Number(/retry in (\d+) s$/.exec(error.message)?.[1]);
    expect(seconds * 1000).toBeGreaterThanOrEqual(ms);
    expect(seconds * 1000 - ms).toBeLessThan(1_100);
  });

  it('a date in the past is no wait; an unreadable value is no wait and no note', async () => {
    const past = await errorFor(429, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() });
    expect((past.error as RateLimitError).retryAfterMs).toBe(0);
    expect(past.error.message).toMatch(/; the server asked to retry in 0 s$/);
    for (const value of ['soon', '1.5', '']) {
      const { error, from } = await errorFor(429, { 'retry-after': value });
      expect((error as RateLimitError).retryAfterMs).toBeUndefined();
      expect(error.message).toBe(`test: too many requests (HTTP 429) ${from}`);
    }
  });

  it("is added to a provider's own error for the answer, once, in its message and stack", async () => {
    const mapped = (message: string) => () => new ServiceError(message, { provider: 'test', code: 'busy' });
    const { error } = await errorFor(409, { 'retry-after': '5' }, { mapError: mapped('account busy') });
    expect([error.name, error.code, error.message]).toEqual([
      'ServiceError',
      'busy',
      'test: account busy (code busy); the server asked to retry in 5 s',
    ]);
    expect(error.stack).toContain('account busy (code busy); the server asked to retry in 5 s');
    const already = await errorFor(
      409,
      { 'retry-after': '5' },
      { mapError: mapped('busy; the server asked to retry in 5 s') },
    );
    expect(already.error.message).toBe('test: busy; the server asked to retry in 5 s (code busy)');
    const without = await errorFor(409, {}, { mapError: mapped('account busy') });
    expect(without.error.message).toBe('test: account busy (code busy)');
  });

  it('a provider error without a stack still gets the note', async () => {
    const stackless = () =>
      Object.assign(new ServiceError('busy', { provider: 'test' }), { stack: undefined });
    const { error } = await errorFor(409, { 'retry-after': '5' }, { mapError: stackless });
    expect(error.message).toBe('test: busy; the server asked to retry in 5 s');
  });
});
