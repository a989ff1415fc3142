import { type ChallengeStatus, ClickatellMfaClient } from '@x/clickatell-mfa';
import { AuthenticationError, ServiceError, TransportError, ValidationError } from '@x/core';
import { ManualClock } from '@x/core/testing';
import { type Emulator, SEEDED, startEmulator } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const { token, phone, undeliverable } = SEEDED.clickatellMfa;
let emulator: Emulator;
let clock: ManualClock;
let mfa: ClickatellMfaClient;
beforeEach(async () => {
  clock = new ManualClock();
  emulator = await startEmulator({ clock });
  mfa = new ClickatellMfaClient({ token, baseUrl: emulator.urls.clickatellMfa, clock });
});
afterEach(() => emulator.close());

const requests = () => emulator.counters('clickatell-mfa').requests;
const pinOf = (id: string) => emulator.inbox(phone).find((m) => m.apiRequestId === id)!.pin!;

/** Let a waitForResult run: advance the shared clock whenever it sleeps, until it settles. */
async function drive<T>(promise: Promise<T>, step = 5_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    if (clock.pendingTimers > 0) await clock.advance(step);
    else await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return promise;
}

describe('ClickatellMfaClient', () => {
  it('a Grid challenge solved by the phone user ends solved; onStatus sees every status', async () => {
    const { apiRequestId } = await mfa.requestGrid({
      to: phone,
      numberOfChallenges: 2,
      numberOfImagesPerChallenge: 8,
    });
    expect(apiRequestId).toMatch(/^[0-9a-f]{32}$/);
    const seen: ChallengeStatus[] = [];
    // the phone user solves it once the first poll has seen it pending
    const onStatus = (s: ChallengeStatus) => seen.push(s) === 1 && emulator.solveChallenge(apiRequestId);
    const final = await drive(mfa.waitForResult(apiRequestId, { onStatus }));
    expect(final).toEqual({
      challengeStatus: '020',
      challengeSolved: true,
      description: 'Challenge solved',
      state: 'solved',
      terminal: true,
    });
    expect(seen.map((s) => s.state)).toEqual(['pending', 'solved']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('GridPlus is requested with authType gridplus', async () => {
    const { apiRequestId } = await mfa.requestGrid({ to: phone, gridPlus: true });
    expect(emulator.inbox(phone).at(-1)).toMatchObject({ apiRequestId, authType: 'gridplus' });
  });

  it('a wrong PIN, then the right one', async () => {
    const { apiRequestId } = await mfa.requestPin({ to: phone, maximumRetries: 3 });
    const pin = pinOf(apiRequestId);
    const wrong = await mfa.verifyPin(apiRequestId, pin === '123456' ? '654321' : '123456');
    expect(wrong).toMatchObject({
      challengeStatus: '030',
      state: 'retry',
      challengeSolved: false,
      terminal: false,
    });
    expect(await mfa.verifyPin(apiRequestId, pin)).toMatchObject({
      challengeStatus: '020',
      state: 'solved',
      challengeSolved: true,
    });
  });

  it('maximum attempts → failed', async () => {
    const { apiRequestId } = await mfa.requestPin({ to: phone, customPin: 'Z9Z9', maximumRetries: 2 });
    await mfa.verifyPin(apiRequestId, 'AAAA');
    expect(await mfa.verifyPin(apiRequestId, 'BBBB')).toMatchObject({
      challengeStatus: '051',
      state: 'failed',
      terminal: true,
    });
    expect(await mfa.getStatus(apiRequestId)).toMatchObject({ state: 'failed' });
  });

  it('the clock past the expire time → expired, and waitForResult stops there', async () => {
    const { apiRequestId } = await mfa.requestPin({ to: phone, overrideExpireTime: 2 });
    const polls: string[] = [];
    const final = await drive(
      mfa.waitForResult(apiRequestId, { onStatus: (s) => polls.push(s.challengeStatus) }),
    );
    expect(final).toMatchObject({ challengeStatus: '050', state: 'expired', terminal: true });
    expect(polls.length).toBe(1 + (2 * 60_000) / 5_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('delivery failure → failed (052); an unknown ID → unknown-request (001)', async () => {
    const { apiRequestId } = await mfa.requestPin({ to: undeliverable });
    expect(await mfa.getStatus(apiRequestId)).toMatchObject({ challengeStatus: '052', state: 'failed' });
    expect(await mfa.getStatus('0'.repeat(32))).toMatchObject({
      challengeStatus: '001',
      state: 'unknown-request',
    });
  });

  it('abort stops polling at once and leaves no timer behind', async () => {
    const { apiRequestId } = await mfa.requestGrid({ to: phone });
    const controller = new AbortController();
    const waiting = mfa.waitForResult(apiRequestId, { signal: controller.signal, intervalMs: 60_000 });
    while (clock.pendingTimers === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const before = requests();
    controller.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/aborted/);
    expect(clock.pendingTimers).toBe(0);
    expect(requests()).toBe(before);
  });

  it('every invalid input is rejected with a ValidationError naming the field; zero requests reach the server', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => mfa.requestPin({ to: '' }), 'to'],
      [() => mfa.requestPin({ to: '+27 99 900 0001' }), 'to'],
      [() => mfa.requestPin({ to: '2799900001,2799900002' }), 'to'],
      [() => mfa.requestPin({ to: phone, customPin: '123' }), 'customPin'],
      [() => mfa.requestPin({ to: phone, customPin: '123456789' }), 'customPin'],
      [() => mfa.requestPin({ to: phone, customPin: '12 34' }), 'customPin'],
      [() => mfa.requestPin({ to: phone, overrideExpireTime: 0 }), 'overrideExpireTime'],
      [() => mfa.requestPin({ to: phone, overrideExpireTime: 1.5 }), 'overrideExpireTime'],
      [() => mfa.requestPin({ to: phone, maximumRetries: -1 }), 'maximumRetries'],
      [() => mfa.requestPin({ to: phone, from: 'A very long sender' }), 'from'],
      [() => mfa.requestGrid({ to: phone, numberOfChallenges: 0 }), 'numberOfChallenges'],
      [() => mfa.requestGrid({ to: phone, numberOfChallenges: 4 }), 'numberOfChallenges'],
      [() => mfa.requestGrid({ to: phone, numberOfImagesPerChallenge: 3 }), 'numberOfImagesPerChallenge'],
      [() => mfa.requestGrid({ to: phone, numberOfImagesPerChallenge: 10 }), 'numberOfImagesPerChallenge'],
      [() => mfa.requestGrid({ to: phone, companyImageUrl: 'javascript:alert(1)' }), 'companyImageUrl'],
      [() => mfa.getStatus('../../etc'), 'apiRequestId'],
      [() => mfa.verifyPin('abc', ''), 'pinCode'],
      [() => mfa.waitForResult('abc', { intervalMs: 0 }), 'intervalMs'],
    ];
    for (const [call, field] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(() => new ClickatellMfaClient({ token: '' })).toThrow(ValidationError);
    expect(requests()).toBe(0);
  });

  it('a bad token (empty-body 401) → AuthenticationError; a 400 error body → ServiceError with its code', async () => {
    const bad = new ClickatellMfaClient({ token: 'wrong-token', baseUrl: emulator.urls.clickatellMfa });
    const error = await bad.requestPin({ to: phone }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).not.toContain('wrong-token');
    emulator.inject('clickatell-mfa', {
      type: 'status',
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"error":{"code":"105","description":"Invalid Destination Address","documentation":"http://www.clickatell.com/help/apidocs/error/105.htm"}}',
    });
    const refused = await mfa.requestPin({ to: phone }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: '105', status: 400 });
    expect((refused as Error).message).toBe('clickatell-mfa: Invalid Destination Address (code 105)');
  });

  it('a challenge POST is never retried, even on 503; a status GET is', async () => {
    emulator.inject('clickatell-mfa', { type: 'status', status: 503 }, { times: 1 });
    await expect(mfa.requestPin({ to: phone })).rejects.toMatchObject({
      name: 'ServiceError',
      status: 503,
      retryable: true,
    });
    expect(requests()).toBe(1);
    expect(emulator.inbox(phone)).toHaveLength(0);
    const { apiRequestId } = await mfa.requestPin({ to: phone });
    emulator.inject('clickatell-mfa', { type: 'status', status: 503 }, { times: 1 });
    expect((await mfa.getStatus(apiRequestId)).state).toBe('pending');
    expect(requests()).toBe(4);
  });
});

it('a status code naming an Object.prototype member is not a known status', async () => {
  const { readStatus } = await import('@x/clickatell-mfa');
  const { ProtocolError } = await import('@x/core');
  for (const code of ['valueOf', 'constructor', '__proto__', 'toString']) {
    expect(() => readStatus({ data: { challengeStatus: code } })).toThrow(ProtocolError);
  }
});
