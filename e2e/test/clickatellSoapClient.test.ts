import { inspect } from 'node:util';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import {
  AuthenticationError,
  type LifecycleEvent,
  ProviderError,
  ServiceError,
  TokenExpiredError,
  ValidationError,
} from '@x/core';
import { ManualClock } from '@x/core/testing';
import { describeManagedClient } from '@x/core/testing/vitest';
import { type Emulator, SEEDED, startEmulator, UNROUTABLE_PREFIX } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const demo = SEEDED.clickatellSoap.demo;
const NASTY_PASSWORD = '</password><api_id>1</api_id>&amp;<!--';

let emulator: Emulator;
let clock: ManualClock;
const clients: ClickatellSoapClient[] = [];
beforeEach(async () => {
  clock = new ManualClock();
  emulator = await startEmulator({
    clock,
    accounts: { clickatellSoap: [{ apiId: '3559999', user: 'markup', password: NASTY_PASSWORD, credit: 5 }] },
  });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await emulator.close();
});

function client(options: Partial<ConstructorParameters<typeof ClickatellSoapClient>[0]> = {}) {
  const c = new ClickatellSoapClient({
    apiId: demo.apiId,
    user: demo.user,
    password: demo.password,
    endpoint: emulator.urls.clickatellSoap,
    clock,
    ...options,
  });
  clients.push(c);
  return c;
}
const authCalls = () => emulator.counters('clickatell-soap').auth;

describe('ClickatellSoapClient', () => {
  it('auth() returns a new 32-hex session ID each time', async () => {
    const c = client();
    const [a, b] = [await c.auth(), await c.auth()];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it('1,000 concurrent sessionId() calls → 1 auth', async () => {
    const c = client();
    const ids = await Promise.all(Array.from({ length: 1_000 }, () => c.sessionId()));
    expect(new Set(ids).size).toBe(1);
    expect(authCalls()).toBe(1);
  });

  it('16 minutes idle → a fresh auth; every command extends the session', async () => {
    const c = client();
    const first = await c.sessionId();
    for (let i = 0; i < 4; i++) {
      await clock.advance(14 * 60_000);
      expect(await c.getBalance()).toBe(100);
    }
    expect(await c.sessionId()).toBe(first);
    expect(authCalls()).toBe(1);
    await clock.advance(16 * 60_000);
    expect(await c.sessionId()).not.toBe(first);
    expect(authCalls()).toBe(2);
  });

  it('keep-alive on for 66 simulated minutes (6 intervals, each up to 10% late) → 1 auth and 6 pings; close() stops it', async () => {
    const c = client({ keepAlive: true });
    const session = await c.sessionId();
    await clock.advance(66 * 60_000);
    expect(emulator.counters('clickatell-soap')).toMatchObject({ auth: 1, pings: 6 });
    expect(await c.sessionId()).toBe(session);
    expect(await c.getBalance()).toBe(100);
    c.close();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(60 * 60_000);
    expect(emulator.counters('clickatell-soap').pings).toBe(6);
  });

  it('an expired session mid-call → 1 re-auth and the call succeeds', async () => {
    const c = client();
    await c.sessionId();
    emulator.expireTokens('clickatell-soap');
    const events: LifecycleEvent[] = [];
    c.on((e) => events.push(e));
    expect(await c.getBalance()).toBe(100);
    expect(authCalls()).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['expired', 'refreshed', 'used']);
  });

  it('wrong credentials, frozen and IP-locked accounts → AuthenticationError, not retried', async () => {
    const { frozen, ipLocked } = SEEDED.clickatellSoap;
    for (const [options, code] of [
      [{ password: 'wrong' }, '001'],
      [{ user: 'nobody' }, '001'],
      [{ apiId: '1' }, '001'],
      [{ apiId: frozen.apiId, user: frozen.user, password: frozen.password }, '004'],
      [{ apiId: ipLocked.apiId, user: ipLocked.user, password: ipLocked.password }, '007'],
    ] as const) {
      const before = authCalls();
      const error = await client(options)
        .getBalance()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code, provider: 'clickatell-soap', retryable: false });
      expect(authCalls() - before).toBe(1);
    }
  });

  it('sendMessage: one or many recipients, per-recipient errors; queryMessage reads the status', async () => {
    const c = client();
    const [one] = await c.sendMessage({ to: '2799900001', text: 'Hello' });
    expect(one).toEqual({ to: '2799900001', apiMessageId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await c.queryMessage((one as { apiMessageId: string }).apiMessageId)).toMatchObject({
      status: '004',
    });
    const many = await c.sendMessage({ to: ['2799900001', '2799900002'], text: 'Hi all' });
    expect(many.map((r) => r.to)).toEqual(['2799900001', '2799900002']);
    expect(many.every((r) => 'apiMessageId' in r)).toBe(true);
    expect(await c.getBalance()).toBe(97);
  });

  it('no credit → a clear, non-retryable ServiceError (per recipient when sending to many)', async () => {
    const { broke } = SEEDED.clickatellSoap;
    const c = client({ apiId: broke.apiId, user: broke.user, password: broke.password });
    const error = (await c
      .sendMessage({ to: '2799900001', text: 'x' })
      .catch((e: unknown) => e)) as ServiceError;
    const many = await c.sendMessage({ to: ['2799900001', '2799900002'], text: 'x' });
    expect(many.map((r) => ('error' in r ? (r.error as ServiceError).code : 'sent'))).toEqual(['301', '301']);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: '301', retryable: false });
    expect(error.message).toBe('clickatell-soap: No credit left: add credit to the account (code 301)');
  });

  it('901 from the server is a retryable ServiceError', async () => {
    emulator.inject('clickatell-soap', {
      type: 'status',
      status: 200,
      body: '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice"><SOAP-ENV:Body><ns1:authResponse><return>ERR: 901, Internal error - please retry</return></ns1:authResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    });
    const error = await client()
      .sessionId()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServiceError', code: '901', retryable: true });
  });

  it('call() runs any operation of the real contract under its real name, with the managed session', async () => {
    const c = client();
    expect(await c.call('routecoverage', { msisdn: '2799900001' })).toEqual([
      'OK: This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1',
    ]);
    const [batch] = await c.call('startbatch', { template: 'Hello #field1#', concat: 1 });
    const batchId = batch!.slice('ID: '.length);
    expect(await c.call('senditem', { batch_id: batchId, to: ['2799900001'], field1: 'Ann' })).toEqual([
      expect.stringMatching(/^ID: [0-9a-f]{32}$/),
    ]);
    expect(await c.call('quicksend', { batch_id: batchId, to: ['2799900001', '2799900002'] })).toHaveLength(
      2,
    );
    expect(await c.call('endbatch', { batch_id: batchId })).toEqual(['OK']);
    expect(authCalls()).toBe(1);
    const before = emulator.counters('clickatell-soap').requests;
    for (const [operation, params] of [
      ['nope', {}],
      ['routeCoverage', { msisdn: '2799900001' }], // not a real name: the contract's is lower case
      ['auth', {}],
      ['constructor', {}],
      ['getbalance', { password: 'x' }],
      ['getbalance', { session_id: 'x' }],
      ['routecoverage', {}], // msisdn is minOccurs=1
      ['startbatch', { template: 't', concat: 'yes' }], // concat is xsd:int
      ['quicksend', { batch_id: ['a', 'b'], to: '2799900001' }], // batch_id is not repeated
    ] as const) {
      await expect(c.call(operation, params as never), operation).rejects.toBeInstanceOf(ValidationError);
    }
    expect(emulator.counters('clickatell-soap').requests).toBe(before);
  });

  it('routeCoverage(): a routed number, and the code-less ERR of an unsupported prefix as supported: false', async () => {
    const c = client();
    expect(await c.routeCoverage('2799900001')).toEqual({
      supported: true,
      charge: 1,
      description:
        'This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1',
    });
    expect(await c.routeCoverage(`${UNROUTABLE_PREFIX}1234567`)).toEqual({
      supported: false,
      description:
        'This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
    });
    await expect(c.routeCoverage('+27 99')).rejects.toBeInstanceOf(ValidationError);
  });

  it('bad input is rejected before anything is sent', async () => {
    expect(() => new ClickatellSoapClient({ apiId: 'abc', user: 'u', password: 'p' })).toThrow(
      ValidationError,
    );
    expect(() => new ClickatellSoapClient({ apiId: 1, user: '', password: 'p' })).toThrow(ValidationError);
    expect(
      () => new ClickatellSoapClient({ apiId: 1, user: 'u', password: 'p', endpoint: 'ftp://x' }),
    ).toThrow(ValidationError);
    const c = client();
    const before = emulator.counters('clickatell-soap').requests;
    for (const input of [
      { to: [], text: 'x' },
      { to: '+27 99', text: 'x' },
      { to: '2799900001', text: '' },
    ]) {
      await expect(c.sendMessage(input)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(c.sendMessage({ to: Array(301).fill('2799900001'), text: 'x' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(emulator.counters('clickatell-soap').requests).toBe(before);
  });

  it('a password containing </password><api_id>1</api_id> reaches the server literally', async () => {
    const c = client({ apiId: '3559999', user: 'markup', password: NASTY_PASSWORD });
    expect(await c.getBalance()).toBe(5);
    expect(emulator.counters('clickatell-soap').byAccount.markup?.auth).toBe(1);
  });

  it('no password or session ID appears in any error, event or inspect output', async () => {
    const c = client({ password: 'canary-password-31337' });
    const error = (await c.getBalance().catch((e: unknown) => e)) as ProviderError;
    const good = client();
    const session = await good.sessionId();
    const events: LifecycleEvent[] = [];
    good.on((e) => events.push(e));
    emulator.inject('clickatell-soap', {
      type: 'status',
      status: 500,
      body: `<html>session ${session} password canary-password-31337</html>`,
    });
    const serverError = (await good.getBalance().catch((e: unknown) => e)) as ProviderError;
    expect(serverError).toBeInstanceOf(ProviderError);
    emulator.expireTokens('clickatell-soap');
    await good.getBalance();
    const texts = [error, serverError].flatMap((e) => [
      e.message,
      e.stack,
      inspect(e, { depth: 9 }),
      JSON.stringify(e),
    ]);
    texts.push(
      JSON.stringify(events),
      inspect(events, { depth: 9 }),
      inspect(c, { depth: 9 }),
      inspect(good, { depth: 9 }),
    );
    for (const text of texts) {
      expect(text).not.toContain('canary-password-31337');
      expect(text).not.toContain(session);
      expect(text).not.toContain(demo.password);
    }
  });
});

describeManagedClient('clickatell-soap', async () => {
  const c = client();
  return {
    token: () => c.sessionId(),
    // an injected failure answers in place of the service: count it as the auth attempt it replaced
    authCalls: async () => authCalls() + (emulator.counters('clickatell-soap').faulted ?? 0),
    expireOnServer: async () => emulator.expireTokens('clickatell-soap'),
    protectedCall: () => c.getBalance(),
    failNextAuth: async () =>
      emulator.inject('clickatell-soap', {
        type: 'status',
        status: 200,
        body: '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice"><SOAP-ENV:Body><ns1:authResponse><return>ERR: 001, Authentication failed</return></ns1:authResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>',
      }),
    close: async () => c.close(),
  };
});

it('TokenExpiredError is what an expired session becomes', () => {
  expect(new TokenExpiredError('x', { provider: 'p' })).toBeInstanceOf(ProviderError);
});
