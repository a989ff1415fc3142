import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { ClickatellMfaClient } from '@x/clickatell-mfa';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import { CmsAuthClient } from '@x/cms-auth';
import { TransportError, ValidationError } from '@x/core';
import { ManualClock } from '@x/core/testing';
import { type Emulator, SEEDED, startEmulator } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let emulator: Emulator;
// a worker's first SOAP call loads node-soap, seconds on a loaded machine with the event loop blocked: not what
// these tests time (unknown credentials: no session is left behind)
beforeAll(async () => {
  const warm = await startEmulator();
  await new ClickatellSoapClient({
    apiId: '1',
    user: 'warm-up',
    password: 'warm-up-password',
    endpoint: warm.urls.clickatellSoap,
  })
    .auth()
    .catch(() => undefined);
  await warm.close();
});
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.close());

const demo = SEEDED.clickatellSoap.demo;
const clickatell = (options: Partial<ConstructorParameters<typeof ClickatellSoapClient>[0]> = {}) =>
  new ClickatellSoapClient({
    apiId: demo.apiId,
    user: demo.user,
    password: demo.password,
    endpoint: emulator.urls.clickatellSoap,
    ...options,
  });

/** How long `promise` takes to settle, and how. */
async function settle<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ms: performance.now() - start, ...outcome };
}

describe('{ signal, timeoutMs } on every call', () => {
  it('an aborted getBalance() rejects at once with TransportError; the other caller of the same refresh gets its answer', async () => {
    emulator.inject('clickatell-soap', { type: 'delay', ms: 3_000 }); // the shared auth is slow
    const client = clickatell();
    const controller = new AbortController();
    const patient = client.getBalance();
    const hasty = settle(client.getBalance({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const aborted = await hasty;
    expect(aborted.error).toBeInstanceOf(TransportError);
    expect((aborted.error as Error).message).toContain('aborted');
    expect(aborted.ms).toBeLessThan(1_500);
    expect(await patient).toBe(100);
    expect(emulator.counters('clickatell-soap').auth).toBe(1);
  });

  it('an aborted securityToken() rejects at once; other callers of the same refresh still get the token', async () => {
    emulator.inject('sbt', { type: 'delay', ms: 3_000 });
    const sbt = new SbtClient({ apiKey: SEEDED.sbt.keys.never, baseUrl: emulator.url });
    const controller = new AbortController();
    const others = Promise.all([sbt.securityToken(), sbt.securityToken()]);
    const hasty = settle(sbt.securityToken({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const aborted = await hasty;
    expect(aborted.error).toBeInstanceOf(TransportError);
    expect(aborted.ms).toBeLessThan(1_500);
    const [a, b] = await others;
    expect(a).toBe(b);
    expect(emulator.counters('sbt').auth).toBe(1);
  });

  it('an aborted authenticate() rejects at once with TransportError', async () => {
    emulator.inject('cms-auth', { type: 'delay', ms: 3_000 });
    const cms = new CmsAuthClient({ site: emulator.url });
    const controller = new AbortController();
    const hasty = settle(
      cms.authenticate({ username: 'alice', password: 'wonderland' }, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 50);
    const aborted = await hasty;
    expect(aborted.error).toBeInstanceOf(TransportError);
    expect(aborted.ms).toBeLessThan(1_500);
  });

  it('timeoutMs bounds the whole call, waiting for the token included', async () => {
    emulator.inject('clickatell-soap', { type: 'delay', ms: 3_000 });
    const slow = await settle(clickatell().getBalance({ timeoutMs: 100 }));
    expect(slow.error).toBeInstanceOf(TransportError);
    expect((slow.error as Error).message).toContain('no answer within 100 ms');
    expect(slow.ms).toBeLessThan(1_500);
    const mfa = new ClickatellMfaClient({
      token: SEEDED.clickatellMfa.token,
      baseUrl: emulator.urls.clickatellMfa,
    });
    emulator.inject('clickatell-mfa', { type: 'delay', ms: 3_000 });
    const pin = await settle(mfa.requestPin({ to: SEEDED.clickatellMfa.phone }, { timeoutMs: 100 }));
    expect(pin.error).toBeInstanceOf(TransportError);
    expect(pin.ms).toBeLessThan(1_500);
  });

  it('an already-aborted signal sends nothing; a bad timeoutMs is a ValidationError', async () => {
    const before = emulator.counters('clickatell-soap').requests;
    const client = clickatell();
    await expect(client.getBalance({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TransportError);
    await expect(client.getBalance({ timeoutMs: -1 })).rejects.toBeInstanceOf(ValidationError);
    expect(emulator.counters('clickatell-soap').requests).toBe(before);
  });
});

describe('await using', () => {
  it('closes a client at the end of the block: its keep-alive stops', async () => {
    const clock = new ManualClock();
    const local = await startEmulator({ clock });
    try {
      {
        await using client = new ClickatellSoapClient({
          apiId: demo.apiId,
          user: demo.user,
          password: demo.password,
          endpoint: local.urls.clickatellSoap,
          clock,
          keepAlive: true,
        });
        await client.sessionId();
        await clock.advance(11 * 60_000);
        expect(local.counters('clickatell-soap').pings).toBe(1);
      }
      await clock.advance(60 * 60_000);
      expect(local.counters('clickatell-soap').pings).toBe(1);
    } finally {
      await local.close();
    }
  });
});

describe('bring your own HTTP', () => {
  it('SOAP clients send through the given agent', async () => {
    let sockets = 0;
    const agent = new Agent({ keepAlive: true });
    const create = agent.createConnection.bind(agent);
    agent.createConnection = ((...args: Parameters<typeof create>) => {
      sockets++;
      return create(...args);
    }) as typeof agent.createConnection;
    expect(await clickatell({ agent }).getBalance()).toBe(100);
    expect(sockets).toBeGreaterThan(0);
    agent.destroy();
  });

  it('REST clients send through the given fetch', async () => {
    const seen: string[] = [];
    const sbt = new SbtClient({
      apiKey: SEEDED.sbt.keys.never,
      baseUrl: emulator.url,
      transport: 'rest',
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    await sbt.securityToken();
    expect(seen).toEqual([expect.stringContaining('/AuthenticateAPIKey?APIKey=')]);
  });

  describe('HTTPS_PROXY / HTTP_PROXY / NO_PROXY, only when asked (proxyFromEnv)', () => {
    let proxy: Server;
    let proxyUrl: string;
    const through: string[] = [];
    const tunnels = new Set<import('node:stream').Duplex>();
    const saved = { ...process.env };
    /** A token over REST from a fresh SBT client (no token cached yet, so one request goes out). */
    const restToken = (options: { proxyFromEnv?: boolean } = {}) =>
      new SbtClient({
        apiKey: SEEDED.sbt.keys.never,
        baseUrl: emulator.url,
        transport: 'rest',
        ...options,
      }).securityToken();
    beforeEach(async () => {
      through.length = 0;
      // a forward proxy on loopback: absolute-URI requests for http targets, CONNECT tunnels for the rest
      proxy = createServer((req, res) => {
        through.push(`${req.method} ${req.url}`);
        const forward = request(req.url!, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', () => res.destroy());
        req.pipe(forward);
      });
      proxy.on('connect', (req, socket) => {
        tunnels.add(socket);
        through.push(`CONNECT ${req.url}`);
        const [host, port] = req.url!.split(':');
        const upstream = connect(Number(port), host, () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy'])
        delete process.env[name];
      process.env.HTTP_PROXY = proxyUrl;
      process.env.HTTPS_PROXY = proxyUrl;
    });
    afterEach(async () => {
      process.env = { ...saved };
      for (const socket of tunnels) socket.destroy();
      tunnels.clear();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });

    it('without proxyFromEnv nothing goes through the proxy', async () => {
      await clickatell().getBalance();
      await restToken();
      expect(through).toEqual([]);
    });

    it('with proxyFromEnv the SOAP and REST calls go through the proxy', async () => {
      expect(await clickatell({ proxyFromEnv: true }).getBalance()).toBe(100);
      await restToken({ proxyFromEnv: true });
      // SOAP (Node's proxy agent) sends absolute-URI requests for an http target; undici tunnels with CONNECT
      const soap = /^POST http:\/\/127\.0\.0\.1:\d+\/soap\/document_literal\/webservice$/;
      expect(through).toEqual([
        expect.stringMatching(soap), // auth
        expect.stringMatching(soap), // getbalance
        expect.stringMatching(/^CONNECT 127\.0\.0\.1:\d+$/),
      ]);
    });

    it('NO_PROXY is honoured', async () => {
      process.env.NO_PROXY = '127.0.0.1';
      await clickatell({ proxyFromEnv: true }).getBalance();
      await restToken({ proxyFromEnv: true });
      expect(through).toEqual([]);
    });
  });
});
