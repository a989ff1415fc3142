// Proxies from the environment for SOAP (src/soap/proxyEnv.ts reads the variables; soapHttp.ts keeps one
// agent per setting), through SoapTransport's `proxyFromEnv` against loopback proxies the test starts.
import { describe, expect, it } from 'vitest';
import { TransportError } from '../src/index.js';
import type { SoapTransportOptions } from '../src/soap/index.js';
import { readProxyEnv } from '../src/soap/proxyEnv.js';
import { echo, echoService, echoTransport } from './echoService.js';
import { failure } from './failure.js';
import { closedPort, forwardProxy, recordingLoopback, withEnv } from './loopback.js';

const server = recordingLoopback(echoService);

const soap = (extra: Partial<SoapTransportOptions> = {}) => echoTransport(server.url, extra);

describe('SoapTransport: proxyFromEnv', () => {
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
      expect(server.requests).toHaveLength(4);
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

describe('readProxyEnv', () => {
  it('reads the six proxy variables, both cases, as they are now; nothing else', async () => {
    const variables = {
      HTTP_PROXY: 'http://upper:1',
      http_proxy: 'http://lower:2',
      HTTPS_PROXY: 'http://upper:3',
      https_proxy: undefined,
      NO_PROXY: 'example.com',
      no_proxy: '.internal',
      ALL_PROXY: 'http://not-read:4',
    };
    const read = await withEnv(variables, async () => readProxyEnv('test'));
    const { ALL_PROXY: _notRead, ...proxyVariables } = variables;
    expect(read).toEqual(proxyVariables);
    expect(Object.keys(read)).toHaveLength(6);
  });
});
