import { inspect } from 'node:util';
import { AuthenticationError, type ProviderError, TokenExpiredError, ValidationError } from '@x/core';
import { ManualClock } from '@x/core/testing';
import { describeManagedClient } from '@x/core/testing/vitest';
import { type Emulator, SEEDED, startEmulator } from '@x/emulator';
import { SbtClient, type SbtClientOptions, type TokenExpiry } from '@x/sbt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const { keys, orgCode } = SEEDED.sbt;
const DAY = 24 * 60 * 60_000;
let emulator: Emulator;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock();
  emulator = await startEmulator({ clock });
});
afterEach(() => emulator.close());

const sbt = (options: Partial<SbtClientOptions> = {}) =>
  new SbtClient({ apiKey: keys['expire-on-new'], baseUrl: emulator.url, clock, ...options });
const authCalls = () => emulator.counters('sbt').auth;
const send = (client: SbtClient) => client.sendMessage({ orgCode, message: 'hi', to: ['5551234567'] });

describe('SbtClient', () => {
  it('SOAP and REST give identical results for the same key', async () => {
    const soap = await sbt({ apiKey: keys.never, transport: 'soap' }).authenticateApiKey();
    const rest = await sbt({ apiKey: keys.never, transport: 'rest' }).authenticateApiKey();
    const shape = (r: typeof soap) => ({ ...r, securityToken: typeof r.securityToken });
    expect(shape(soap)).toEqual(shape(rest));
    expect(soap).toEqual({
      result: true,
      errorCode: 1400,
      message: 'Successfully generated securitytoken',
      securityToken: expect.any(String),
    });
  });

  it.each(['soap', 'rest'] as const)(
    '%s: a bad key → AuthenticationError with the int code, without the key',
    async (transport) => {
      const apiKey = 'canary-bad-key-77aa';
      const error = (await sbt({ apiKey, transport })
        .securityToken()
        .catch((e: unknown) => e)) as ProviderError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code: 1401, provider: 'sbt' });
      for (const text of [error.message, error.stack, inspect(error, { depth: 9 }), JSON.stringify(error)]) {
        expect(text).not.toContain(apiKey);
      }
    },
  );

  it('REST failures never leak the key from the query string', async () => {
    emulator.inject('sbt', { type: 'status', status: 500 }, { times: 3 }); // the GET is retried twice
    const error = (await sbt({ apiKey: keys.never, transport: 'rest' })
      .securityToken()
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('APIKey=REDACTED');
    expect(inspect(error, { depth: 9 })).not.toContain(keys.never);
  });

  it('Never Expires: one token for ten years', async () => {
    const client = sbt({ apiKey: keys.never, tokenExpiry: 'never' });
    const token = await client.securityToken();
    await clock.advance(3652 * DAY);
    expect(await client.securityToken()).toBe(token);
    expect(authCalls()).toBe(1);
    await send(client);
  });

  it.each([
    ['1-day', DAY],
    ['1-week', 7 * DAY],
    ['1-year', 365 * DAY],
    ['10-years', 3652 * DAY],
  ] as const)('%s: the token is replaced before its lifetime ends; calls never fail', async (setting, ms) => {
    const client = sbt({ apiKey: keys[setting], tokenExpiry: setting });
    const first = await client.securityToken();
    await clock.advance(ms * 0.5);
    expect(await client.securityToken()).toBe(first);
    await clock.advance(ms * 0.5 - 60_000); // inside the safety margin: unusable, so a new one
    const second = await client.securityToken();
    expect(second).not.toBe(first);
    expect(authCalls()).toBe(2);
    await send(client);
    await clock.advance(ms); // past the second token's life
    await send(client);
    expect(authCalls()).toBe(3);
  });

  it('Expire On New: another issuer kills our token; the next call re-auths once and succeeds', async () => {
    const client = sbt();
    await client.securityToken();
    await sbt().authenticateApiKey(); // someone else (without our store) takes a new token
    await send(client);
    expect(authCalls()).toBe(3);
    await clock.advance(3652 * DAY);
    await send(client);
    expect(authCalls()).toBe(3);
  });

  it('expire-on-new: 1,000 concurrent withToken calls on an expired token → exactly 1 AuthenticateAPIKey, 0 failures', async () => {
    // this test counts auth calls and failures, not latency: 2,000 loopback calls on a busy 2-core CI box can be slow
    const client = sbt({ timeoutMs: 60_000 });
    await client.securityToken();
    emulator.expireTokens('sbt');
    const before = authCalls();
    const results = await Promise.allSettled(Array.from({ length: 1_000 }, () => send(client)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(authCalls() - before).toBe(1);
  }, 90_000);

  it('an invalid-token answer twice in a row reaches the caller as TokenExpiredError (one retry only)', async () => {
    const client = sbt();
    let calls = 0;
    const error = await client
      .withToken(async () => {
        calls++;
        throw new TokenExpiredError('Invalid security token', { provider: 'sbt', code: 1000 });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExpiredError);
    expect(calls).toBe(2);
  });

  it('bad options and inputs are rejected before anything is sent', async () => {
    expect(() => new SbtClient({ apiKey: '' })).toThrow(ValidationError);
    expect(() => new SbtClient({ apiKey: 'k', tokenExpiry: '2-days' as TokenExpiry })).toThrow(
      ValidationError,
    );
    expect(() => new SbtClient({ apiKey: 'k', transport: 'grpc' as 'rest' })).toThrow(ValidationError);
    expect(() => new SbtClient({ apiKey: 'k', baseUrl: 'nope' })).toThrow(ValidationError);
    const client = sbt();
    await expect(client.sendMessage({ orgCode, message: 'x', to: ['123'] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      client.sendMessage({ orgCode: '', message: 'x', to: ['5551234567'] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(client.callRest('../x', 'y')).rejects.toBeInstanceOf(ValidationError);
    expect(emulator.counters('sbt').requests).toBe(0);
  });

  it('production and staging hosts are the documented ones', () => {
    expect(new SbtClient({ apiKey: 'k' }).baseUrl).toBe('https://ui.solutionsbytext.com/');
    expect(new SbtClient({ apiKey: 'k', environment: 'staging' }).baseUrl).toBe(
      'https://test.solutionsbytext.com/',
    );
  });
});

describe.each(['soap', 'rest'] as const)('transport %s', (transport) => {
  describeManagedClient(`sbt over ${transport}`, async () => {
    const client = sbt({ transport });
    return {
      token: () => client.securityToken(),
      authCalls: async () => authCalls() + (emulator.counters('sbt').faulted ?? 0),
      expireOnServer: async () => emulator.expireTokens('sbt'),
      protectedCall: () => send(client),
      failNextAuth: async () => emulator.inject('sbt', { type: 'status', status: 401 }),
      close: async () => undefined,
    };
  });
});

describe('one process, several clients', () => {
  it('two SbtClients with the same key share one token: under Expire On New they never knock each other out', async () => {
    const a = sbt({ timeoutMs: 60_000 });
    const b = sbt({ timeoutMs: 60_000 });
    expect(await a.securityToken()).toBe(await b.securityToken());
    expect(authCalls()).toBe(1);
    emulator.expireTokens('sbt');
    const results = await Promise.allSettled([...Array(200)].flatMap(() => [send(a), send(b)]));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(authCalls()).toBe(2);
  }, 60_000);
});
