// recordingProxy (src/testing/recordingProxy.ts): a loopback proxy that forwards to an upstream and keeps
// both sides of each exchange, as recordingServer would replay them; here against a recordingServer upstream.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingProxy, recordingServer } from '../src/testing/index.js';
import { loopback } from './loopback.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('recordingProxy', () => {
  it('forwards each request to the upstream (with its path prefix) and keeps both sides', async () => {
    const upstream = await recordingServer(() => ({
      status: 201,
      headers: { 'x-kind': 'real' },
      body: 'made',
    }));
    closers.push(upstream.close);
    const proxy = await recordingProxy(`${upstream.url}/prefix/`);
    closers.push(proxy.close);
    const response = await fetch(`${proxy.url}/thing?q=1`, { method: 'POST', body: 'hello' });
    expect([response.status, response.headers.get('x-kind'), await response.text()]).toEqual([
      201,
      'real',
      'made',
    ]);
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', url: '/prefix/thing?q=1', body: 'hello' });
    expect(proxy.exchanges).toHaveLength(1);
    expect(proxy.exchanges[0]).toMatchObject({
      request: { method: 'POST', url: '/thing?q=1', body: 'hello' },
      answer: { status: 201, body: 'made' },
    });
    expect(proxy.exchanges[0]!.answer!.headers).toMatchObject({ 'x-kind': 'real' });
    expect(proxy.exchanges[0]!.answer!.headers).not.toHaveProperty('content-length');
  });

  it('an upstream that does not answer: the client sees the connection end, the exchange says why', async () => {
    const proxy = await recordingProxy('http://127.0.0.1:9');
    closers.push(proxy.close);
    await expect(fetch(`${proxy.url}/x`)).rejects.toThrow();
    expect(proxy.exchanges[0]!.failure).toMatch(/^no answer/);
  });
});

describe('recordingProxy: what it keeps', () => {
  it('keeps and forwards the end-to-end request headers, not those of the hop', async () => {
    const upstream = await recordingServer(() => ({ status: 200, body: 'ok' }));
    closers.push(upstream.close);
    const proxy = await recordingProxy(upstream.url);
    closers.push(proxy.close);
    await fetch(`${proxy.url}/h`, { method: 'POST', headers: { 'X-Mine': 'one' }, body: 'four' });
    const recorded = proxy.exchanges[0]!.request.headers;
    expect(recorded['x-mine']).toBe('one');
    for (const hop of ['host', 'connection', 'content-length']) expect(recorded).not.toHaveProperty(hop);
    expect(upstream.requests[0]!.headers['x-mine']).toBe('one');
    expect(upstream.requests[0]!.body).toBe('four');
  });

  it('a client that gives up first is recorded as such', async () => {
    const silent = await loopback(() => undefined);
    closers.push(silent.close);
    const proxy = await recordingProxy(silent.url);
    closers.push(proxy.close);
    await expect(fetch(`${proxy.url}/x`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await vi.waitFor(() => expect(proxy.exchanges[0]?.failure).toBe('the client gave up waiting'));
  });

  it('many requests over kept-alive connections leave no listener behind on their sockets', async () => {
    const upstream = await recordingServer(() => ({ status: 200, body: 'ok' }));
    closers.push(upstream.close);
    const proxy = await recordingProxy(upstream.url);
    closers.push(proxy.close);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      // one after another, so fetch sends them on one or two sockets: a listener left per request would pass
      // Node's limit of 10 on each
      for (let i = 0; i < 30; i++) expect(await (await fetch(`${proxy.url}/n${i}`)).text()).toBe('ok');
      await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(proxy.exchanges).toHaveLength(30);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
