// Loading ky and undici (src/http/kyLibrary.ts): ky itself and its error class from one load, and a
// `fetch` through undici's EnvHttpProxyAgent for `proxyFromEnv`, against loopback servers the test starts.
// That a missing ky or undici is a ValidationError is withoutOptionalLibraries.test.ts.
import { describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/index.js';
import { envProxyFetch, loadKy } from '../src/http/kyLibrary.js';
import { forwardProxy, jsonOk, recordingLoopback, withEnv } from './loopback.js';

const server = recordingLoopback(jsonOk);

const transport = (extra: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}) =>
  new HttpTransport({ provider: 'test', baseUrl: server.url, timeoutMs: 2_000, ...extra });
const NO_PROXY_VARIABLES = {
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
};

describe('loadKy', () => {
  it("hands over ky itself (no instance whose defaults each request merges again) and ky's own HTTPError", async () => {
    const { ky, HTTPError } = await loadKy('test');
    const module = await import('ky');
    expect(ky).toBe(module.default);
    expect(HTTPError).toBe(module.HTTPError);
    expect(await ky.get(new URL('made', server.url)).json()).toEqual({ ok: true });
    server.answer = (_req, res) => res.writeHead(404).end();
    await expect(ky.get(new URL('missing', server.url), { retry: 0 })).rejects.toBeInstanceOf(HTTPError);
    expect(server.requests.map((r) => r.url)).toEqual(['/made', '/missing']);
  });
});

/** The first lines a forwarding proxy saw while `send` ran with HTTP_PROXY (and `more`) naming it. */
async function seenByProxy(
  send: () => Promise<unknown>,
  more: Record<string, string> = {},
): Promise<string[]> {
  const proxy = await forwardProxy();
  try {
    await withEnv({ ...NO_PROXY_VARIABLES, HTTP_PROXY: proxy.url, ...more }, send);
    return proxy.seen;
  } finally {
    await proxy.close();
  }
}

describe('envProxyFetch', () => {
  it('sends through HTTP_PROXY, except to a host in NO_PROXY', async () => {
    const via = await seenByProxy(async () => {
      expect(await (await envProxyFetch('test')(`${server.url}via`)).json()).toEqual({ ok: true });
    });
    const direct = await seenByProxy(() => envProxyFetch('test')(`${server.url}direct`), {
      NO_PROXY: '127.0.0.1',
    });
    expect([via, direct]).toEqual([[`CONNECT ${new URL(server.url).host}`], []]);
    expect(server.requests.map((r) => r.url)).toEqual(['/via', '/direct']);
  });
});

describe('HttpTransport: proxy from the environment', () => {
  it('sends through HTTP_PROXY only when asked', async () => {
    const seen = await seenByProxy(async () => {
      const { data } = await transport({ proxyFromEnv: true }).request({ method: 'GET', path: 'p' });
      expect(data).toEqual({ ok: true });
      await transport().request({ method: 'GET', path: 'direct' });
    });
    expect(seen).toEqual([`CONNECT ${new URL(server.url).host}`]);
    expect(server.requests.map((r) => r.url)).toEqual(['/p', '/direct']);
  });
});
