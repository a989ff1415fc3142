import { execFile } from 'node:child_process';
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { inspect, promisify } from 'node:util';
import { ClickatellMfaClient } from '@x/clickatell-mfa';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import { CHANNELS, type LifecycleEvent, type RequestContext, type RequestFailure } from '@x/core';
import { type Emulator, startEmulator } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CANARY_PASSWORD = 'canary-pw-3f9a1c';
const CANARY_KEY = 'canary-key-7b2e55';
const CANARY_TOKEN = 'canary-mfa-token-d41d8c';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({
    accounts: {
      clickatellSoap: [{ apiId: '3559001', user: 'canary', password: CANARY_PASSWORD, credit: 3 }],
      sbtKeys: { [CANARY_KEY]: 'never' },
      mfaTokens: [CANARY_TOKEN],
    },
  });
});
afterEach(() => emulator.close());

type Seen = {
  started: RequestContext[];
  ended: RequestContext[];
  failed: RequestFailure[];
  tokens: unknown[];
};

/** Everything published on our channels while `run` runs: requests (tracing channel) and token events. */
async function record(run: () => Promise<unknown>): Promise<Seen> {
  const seen: Seen = { started: [], ended: [], failed: [], tokens: [] };
  const requests = tracingChannel(CHANNELS.request);
  const onStart = (context: unknown) => seen.started.push(context as RequestContext);
  const onAsyncEnd = (context: unknown) => seen.ended.push(context as RequestContext);
  const onError = (context: unknown) => seen.failed.push(context as RequestFailure);
  const onToken = (event: unknown) => seen.tokens.push(event);
  requests.start.subscribe(onStart);
  requests.asyncEnd.subscribe(onAsyncEnd);
  requests.error.subscribe(onError);
  subscribe(CHANNELS.token, onToken);
  try {
    await run();
  } finally {
    requests.start.unsubscribe(onStart);
    requests.asyncEnd.unsubscribe(onAsyncEnd);
    requests.error.unsubscribe(onError);
    unsubscribe(CHANNELS.token, onToken);
  }
  return seen;
}

describe('diagnostics_channel', () => {
  it('traces each request (start, then its end or error) and publishes token events, and no payload holds a secret', async () => {
    const clickatell = new ClickatellSoapClient({
      apiId: '3559001',
      user: 'canary',
      password: CANARY_PASSWORD,
      endpoint: emulator.urls.clickatellSoap,
    });
    const wrong = new ClickatellSoapClient({
      apiId: '3559001',
      user: 'canary',
      password: `${CANARY_PASSWORD}-wrong`,
      endpoint: emulator.urls.clickatellSoap,
    });
    const sbt = new SbtClient({ apiKey: CANARY_KEY, baseUrl: emulator.url, transport: 'rest' });
    const mfa = new ClickatellMfaClient({ token: CANARY_TOKEN, baseUrl: emulator.urls.clickatellMfa });
    const mfaWrong = new ClickatellMfaClient({
      token: `${CANARY_TOKEN}-x`,
      baseUrl: emulator.urls.clickatellMfa,
    });
    let session = '';
    let token = '';
    const seen = await record(async () => {
      session = await clickatell.sessionId();
      await clickatell.getBalance();
      await wrong.getBalance().catch(() => undefined);
      token = await sbt.securityToken();
      await mfa.getStatus('no-such-challenge');
      await mfaWrong.getStatus('no-such-challenge').catch(() => undefined);
    });

    expect(seen.started.map((s) => `${s.provider} ${s.transport} ${s.operation}`)).toEqual([
      'clickatell-soap soap auth',
      'clickatell-soap soap getbalance',
      'clickatell-soap soap auth',
      'sbt http GET',
      'clickatell-mfa http GET',
      'clickatell-mfa http GET',
    ]);
    // Node pairs them: each request ends once, on the very context it started with
    expect(seen.ended).toHaveLength(seen.started.length);
    for (const [i, context] of seen.ended.entries()) expect(context).toBe(seen.started[i]);
    expect(seen.ended.find((e) => e.provider === 'sbt')).toMatchObject({
      status: 200,
      url: `${emulator.url}/SBT.App.SetUp/RSServices/LoginAPIService.svc/AuthenticateAPIKey`,
      durationMs: expect.any(Number),
    });
    // an ERR: line inside a SOAP answer is the client's verdict; the transport's failures are HTTP ones (401)
    expect(seen.failed.map((f) => `${f.provider} ${f.error.name}`)).toEqual([
      'clickatell-mfa AuthenticationError',
    ]);
    const tokens = seen.tokens as LifecycleEvent[];
    expect(tokens.map((t) => `${t.provider} ${t.type}`)).toEqual(
      expect.arrayContaining([
        'clickatell-soap issued',
        'clickatell-soap used',
        'clickatell-soap failed',
        'sbt issued',
      ]),
    );

    const everything = JSON.stringify(seen) + inspect(seen, { depth: 10 });
    for (const secret of [CANARY_PASSWORD, CANARY_KEY, CANARY_TOKEN, `${CANARY_TOKEN}-x`, session, token]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('NODE_DEBUG=x-auth', () => {
  it('prints one line per request and token event, with no secret', async () => {
    const script = `
      import { ClickatellSoapClient } from '@x/clickatell-soap';
      const c = new ClickatellSoapClient({ apiId: '3559001', user: 'canary', password: process.env.PW, endpoint: process.env.URL });
      const session = await c.sessionId();
      await c.getBalance();
      console.log(session);`;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        env: { ...process.env, NODE_DEBUG: 'x-auth', PW: CANARY_PASSWORD, URL: emulator.urls.clickatellSoap },
        timeout: 30_000,
      },
    );
    const session = stdout.trim();
    expect(session).toMatch(/^[0-9a-f]{32}$/);
    const lines = stderr.split('\n').filter((line) => line.startsWith('X-AUTH'));
    expect(
      lines.some((line) =>
        / clickatell-soap soap auth http:\/\/127\.0\.0\.1:\d+\/soap\/document_literal\/webservice \d+ms$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(lines.some((line) => line.includes('clickatell-soap token issued'))).toBe(true);
    expect(stderr).not.toContain(CANARY_PASSWORD);
    expect(stderr).not.toContain(session);
  });
});
