// recordingServer (src/testing/recordingServer.ts): a loopback server that answers each request as told,
// byte for byte, and keeps every request for the test to check.
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordedRequest, recordingServer } from '../src/testing/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('recordingServer', () => {
  it('answers each request with the status, headers and body that answer(request) gives', async () => {
    const server = await recordingServer((request) =>
      request.url === '/found'
        ? { status: 201, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo ✓ <x/>' }
        : { status: 404, body: '' },
    );
    closers.push(server.close);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const found = await fetch(`${server.url}/found`);
    expect([found.status, found.headers.get('content-type'), await found.text()]).toEqual([
      201,
      'text/plain; charset=utf-8',
      'héllo ✓ <x/>',
    ]);
    const missing = await fetch(`${server.url}/elsewhere`);
    expect([missing.status, await missing.text()]).toEqual([404, '']);
  });

  it('keeps every request in order: method, path with query, lower-case headers, the body as text', async () => {
    const seenByAnswer: RecordedRequest[] = [];
    const server = await recordingServer((request) => {
      seenByAnswer.push(request);
      return { status: 200, body: 'ok' };
    });
    closers.push(server.close);
    await fetch(`${server.url}/one?q=a%20b`, {
      method: 'POST',
      headers: { 'X-Trace': 't-1' },
      body: 'näme=1',
    });
    await fetch(`${server.url}/two`);
    expect(server.requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/one?q=a%20b', body: 'näme=1' },
      { method: 'GET', url: '/two', body: '' },
    ]);
    expect(server.requests[0]!.headers['x-trace']).toBe('t-1');
    expect(seenByAnswer).toEqual(server.requests);
  });

  it('after close, nothing answers', async () => {
    const server = await recordingServer(() => ({ status: 200, body: 'ok' }));
    await server.close();
    await expect(fetch(`${server.url}/x`)).rejects.toThrow();
  });
});
