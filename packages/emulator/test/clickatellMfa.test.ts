import { describe, expect, it } from 'vitest';
import { SEEDED } from '../src/index.js';
import { useEmulator } from './helpers.js';

const { token, phone, undeliverable } = SEEDED.clickatellMfa;
const HEADERS = {
  'X-Version': '1',
  'Content-Type': 'application/JSON',
  Authorization: `Bearer ${token}`,
  Accept: 'application/JSON',
};

describe('emulator: Clickatell Secure REST 2FA', () => {
  const ctx = useEmulator();
  const rest = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = HEADERS,
  ) => {
    const res = await fetch(`${ctx.emulator.urls.clickatellMfa}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, data: text ? JSON.parse(text) : undefined };
  };
  const challenge = async (body: Record<string, unknown>) =>
    (await rest('POST', '/rest/auth', body)).data.data.apiRequestId as string;
  const status = async (id: string) =>
    (await rest('GET', `/rest/auth/${id}`)).data.data.challengeStatus as string;
  const verify = async (id: string, pinCode: string) =>
    (await rest('PUT', `/rest/auth/${id}`, { pinCode })).data.data.challengeStatus as string;

  it("accepts the seed's example request byte for byte and answers 202 with the seed's shape", async () => {
    const seed = `{"authType":"grid","to":"2799900001","overrideExpireTime":"10","maximumRetries":"2",
 "numberOfChallenges":"2","numberOfImagesPerChallenge":"8",
 "companyImageUrl":"http://www.yourwebsite.com/logo_image.jpg"}`;
    const res = await rest('POST', '/rest/auth', seed);
    expect(res.status).toBe(202);
    expect(Object.keys(res.data)).toEqual(['data']);
    expect(Object.keys(res.data.data)).toEqual(['apiRequestId']);
    expect(res.data.data.apiRequestId).toMatch(/^[0-9a-f]{32}$/);
    expect(await rest('GET', `/rest/auth/${res.data.data.apiRequestId}`)).toMatchObject({
      status: 200,
      data: {
        data: {
          challengeStatus: '010',
          challengeSolved: false,
          description: 'Waiting for challenge to be solved',
        },
      },
    });
  });

  it('401 with an empty body for a bad token; 400 with the documented error body for bad input', async () => {
    const unauthorized = await rest(
      'POST',
      '/rest/auth',
      { authType: 'pin', to: phone },
      { ...HEADERS, Authorization: 'Bearer nope' },
    );
    expect(unauthorized).toMatchObject({ status: 401, text: '' });
    for (const [body, code] of [
      [{ authType: 'sms', to: phone }, '101'],
      [{ authType: 'pin', to: '+27 999' }, '105'],
      [{ authType: 'grid', to: phone, numberOfChallenges: 4 }, '101'],
      [{ authType: 'grid', to: phone, numberOfImagesPerChallenge: 5 }, '101'],
      [{ authType: 'pin', to: phone, customPin: '12' }, '101'],
      ['{"authType":', '100'],
    ] as const) {
      const res = await rest('POST', '/rest/auth', body);
      expect(res.status).toBe(400);
      expect(res.data).toEqual({
        error: {
          code,
          description: expect.any(String),
          documentation: `http://www.clickatell.com/help/apidocs/error/${code}.htm`,
        },
      });
    }
  });

  it('PIN: a wrong PIN (030) then the right one (020); the PIN arrives in the phone inbox', async () => {
    const id = await challenge({ authType: 'pin', to: phone, maximumRetries: 3 });
    const pin = ctx.emulator.inbox(phone).find((m) => m.apiRequestId === id)!.pin!;
    expect(pin).toMatch(/^\d{6}$/);
    expect(await verify(id, pin === '000000' ? '111111' : '000000')).toBe('030');
    expect(await status(id)).toBe('030');
    expect(await verify(id, pin)).toBe('020');
    expect((await rest('GET', `/rest/auth/${id}`)).data.data.challengeSolved).toBe(true);
  });

  it('PIN: maximum attempts reached → 051, and it stays failed', async () => {
    const id = await challenge({ authType: 'pin', to: phone, customPin: 'AB12', maximumRetries: 2 });
    expect(ctx.emulator.inbox(phone).at(-1)!.pin).toBe('AB12');
    expect(await verify(id, 'XXXX')).toBe('030');
    expect(await verify(id, 'YYYY')).toBe('051');
    expect(await verify(id, 'AB12')).toBe('051');
  });

  it('expires at its expire time (default 5 minutes) → 050', async () => {
    const id = await challenge({ authType: 'pin', to: phone });
    await ctx.clock.advance(4 * 60_000 + 59_000);
    expect(await status(id)).toBe('010');
    await ctx.clock.advance(1_000);
    expect(await status(id)).toBe('050');
    const longer = await challenge({ authType: 'grid', to: phone, overrideExpireTime: 10 });
    await ctx.clock.advance(9 * 60_000);
    expect(await status(longer)).toBe('010');
    await ctx.clock.advance(60_000);
    expect(await status(longer)).toBe('050');
  });

  it('Grid and GridPlus: solved (020) or failed (051) by the phone user; undeliverable → 052; unknown → 001', async () => {
    const grid = await challenge({ authType: 'grid', to: phone });
    expect(ctx.emulator.solveChallenge(grid)).toBe(true);
    expect(await status(grid)).toBe('020');
    const plus = await challenge({ authType: 'gridplus', to: phone, maximumRetries: 2 });
    ctx.emulator.failChallenge(plus);
    expect(await status(plus)).toBe('010');
    await fetch(`${ctx.emulator.urls.control}/clickatell-mfa/challenges/${plus}/fail`, { method: 'POST' });
    expect(await status(plus)).toBe('051');
    expect(await status(await challenge({ authType: 'pin', to: undeliverable }))).toBe('052');
    expect(await status('f'.repeat(32))).toBe('001');
  });
});
