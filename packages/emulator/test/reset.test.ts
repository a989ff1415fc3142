import { ManualClock } from '@x/core/testing';
import { describe, expect, it } from 'vitest';
import { type ClickatellAccount, type Emulator, SEEDED, startEmulator } from '../src/index.js';
import { clickatellEnvelope, post, returned } from './helpers.js';

const demo = SEEDED.clickatellSoap.demo;
const alice = SEEDED.cms.users[0]!;
const { phone, token: mfaToken } = SEEDED.clickatellMfa;
const HOUR = 60 * 60_000;

/** Real HTTP calls against one emulator, as a user's tests would make them. */
function calls(emulator: Emulator) {
  const { urls } = emulator;
  const cms = (ns: string, body: string, headers?: Record<string, string>) =>
    post(
      ns === 'auth' ? urls.cmsAuth : urls.cmsForms,
      `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:Module_Webservices_${ns === 'auth' ? 'Auth' : 'Forms'}"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`,
      headers,
    );
  const mfa = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${urls.clickatellMfa}${path}`, {
      method,
      headers: { authorization: `Bearer ${mfaToken}`, 'x-version': '1', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.json();
  };
  return {
    clickatell: async (command: string, fields: Record<string, string>) =>
      returned((await post(urls.clickatellSoap, clickatellEnvelope(command, fields))).text),
    balance: async (account: ClickatellAccount) =>
      returned(
        (
          await post(
            urls.clickatellSoap,
            clickatellEnvelope('getbalance', {
              api_id: account.apiId,
              user: account.user,
              password: account.password,
            }),
          )
        ).text,
      ),
    cmsLogin: async () =>
      /<token>(\w+)<\/token>/.exec(
        (
          await cms(
            'auth',
            `<ns1:authenticate><request><username>${alice.username}</username><password>${alice.password}</password></request></ns1:authenticate>`,
          )
        ).text,
      )?.[1],
    cmsIdentity: async (token: string) =>
      (await cms('auth', `<ns1:getIdentity><token>${token}</token></ns1:getIdentity>`)).text,
    cmsRename: async (token: string, firstName: string) =>
      (
        await cms(
          'forms',
          `<ns1:submit><formId>${SEEDED.cms.forms.updateDetails}</formId><fields><field><name>firstName</name><value>${firstName}</value></field></fields></ns1:submit>`,
          { Cookie: `authToken=${token}` },
        )
      ).text,
    sbtToken: async () =>
      (await (await fetch(`${urls.sbtRest}?APIKey=${SEEDED.sbt.keys.never}`)).json()).AuthenticateAPIKeyResult
        .SecurityToken as string,
    sbtSend: async (securityToken: string) =>
      (
        await (
          await fetch(urls.sbtSendMessage, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ securityToken, orgCode: SEEDED.sbt.orgCode, message: 'hi', sendTo: [] }),
          })
        ).json()
      ).SendMessageResult.ErrorCode as number,
    mfaChallenge: async () =>
      (await mfa('POST', '/rest/auth', { authType: 'pin', to: phone })).data.apiRequestId as string,
    mfaStatus: async (id: string) => (await mfa('GET', `/rest/auth/${id}`)).data.challengeStatus as string,
  };
}

describe('emulator.reset()', () => {
  it('puts every service back to the seeds without a restart', async () => {
    const extra: ClickatellAccount = {
      apiId: '3559000',
      user: 'extra',
      password: 'extra-password',
      credit: 5,
    };
    await using emulator = await startEmulator({ accounts: { clickatellSoap: [extra] } });
    const call = calls(emulator);
    const url = emulator.url;

    // a test that spends, edits, logs in, sends and warps
    const session = (await call.clickatell('auth', {
      api_id: demo.apiId,
      user: demo.user,
      password: demo.password,
    }))!.replace('OK: ', '');
    expect(await call.clickatell('sendmsg', { session_id: session, to: phone, text: 'hi' })).toMatch(/^ID: /);
    expect(await call.balance(demo)).toBe('Credit: 99.000');
    await call.clickatell('sendmsg', {
      api_id: extra.apiId,
      user: extra.user,
      password: extra.password,
      to: phone,
      text: 'x',
    });
    expect(await call.balance(extra)).toBe('Credit: 4.000');
    expect(extra.credit).toBe(5); // the caller's object is copied, not spent
    const cmsToken = (await call.cmsLogin())!;
    expect(await call.cmsRename(cmsToken, 'Alicia')).toContain('<success>true</success>');
    expect(await call.cmsIdentity(cmsToken)).toContain('<firstName>Alicia</firstName>');
    const sbtToken = await call.sbtToken();
    expect(await call.sbtSend(sbtToken)).toBe(1400);
    const challenge = await call.mfaChallenge();
    expect(emulator.inbox(phone)).toHaveLength(1);
    emulator.inject('clickatell-soap', { type: 'status', status: 503 }, { times: Infinity });
    const wallBefore = Date.now();
    await emulator.advance(2 * HOUR);
    expect(emulator.now()).toBeGreaterThanOrEqual(wallBefore + 2 * HOUR);
    expect(emulator.counters('clickatell-soap').requests).toBeGreaterThan(0);

    emulator.reset();

    expect(emulator.url).toBe(url);
    expect(emulator.now()).toBeLessThan(wallBefore + HOUR); // the warp is undone
    for (const service of ['clickatell-soap', 'clickatell-mfa', 'sbt', 'cms-auth'] as const) {
      expect(emulator.counters(service)).toEqual({
        requests: 0,
        faulted: 0,
        auth: 0,
        pings: 0,
        activeTokens: 0,
        byAccount: {},
      });
    }
    expect(emulator.inbox(phone)).toEqual([]);
    // the fault queue is empty, the session is forgotten, the credit is back
    expect(await call.clickatell('getbalance', { session_id: session })).toBe(
      'ERR: 001, Authentication failed',
    );
    expect(await call.balance(demo)).toBe('Credit: 100.000');
    expect(await call.balance(extra)).toBe('Credit: 5.000');
    expect(await call.cmsIdentity(cmsToken)).not.toContain('<username>');
    expect(await call.cmsIdentity((await call.cmsLogin())!)).toContain(
      `<firstName>${alice.firstName}</firstName>`,
    );
    expect(await call.sbtSend(sbtToken)).toBe(1000);
    expect(await call.mfaStatus(challenge)).toBe('001');
    expect(emulator.solveChallenge(challenge)).toBe(false);
  });

  it('POST /__emulator/reset does the same over HTTP', async () => {
    await using emulator = await startEmulator();
    const call = calls(emulator);
    await call.clickatell('sendmsg', {
      api_id: demo.apiId,
      user: demo.user,
      password: demo.password,
      to: phone,
      text: 'x',
    });
    expect(await call.balance(demo)).toBe('Credit: 99.000');
    await call.mfaChallenge();
    emulator.inject('sbt', { type: 'status', status: 500 }, { times: Infinity });
    await emulator.advance(2 * HOUR);

    const res = await fetch(`${emulator.urls.control}/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { now } = await res.json();
    expect(Math.abs(now - Date.now())).toBeLessThan(HOUR);

    expect(await call.balance(demo)).toBe('Credit: 100.000');
    expect(emulator.inbox(phone)).toEqual([]);
    expect(await call.sbtSend(await call.sbtToken())).toBe(1400);
    expect((await fetch(`${emulator.urls.control}/reset`)).status).toBe(404); // POST only
  });

  it('leaves a clock the caller passed alone, and still forgets what was issued on it', async () => {
    const clock = new ManualClock();
    await using emulator = await startEmulator({ clock });
    const call = calls(emulator);
    const cmsToken = (await call.cmsLogin())!;
    await clock.advance(HOUR / 2);
    const before = clock.now();

    emulator.reset();

    expect(clock.now()).toBe(before);
    expect(emulator.now()).toBe(before);
    expect(await call.cmsIdentity(cmsToken)).not.toContain('<username>');
  });
});

describe('Symbol.asyncDispose', () => {
  it('`await using` closes the emulator at the end of the block', async () => {
    let url: string;
    {
      await using emulator = await startEmulator();
      url = emulator.urls.clickatellSoap;
      expect((await fetch(`${url}?wsdl`)).status).toBe(200);
    }
    await expect(fetch(`${url}?wsdl`)).rejects.toThrow();
  });

  it('is close(), and closing twice is fine', async () => {
    const emulator = await startEmulator();
    await emulator[Symbol.asyncDispose]();
    await expect(emulator.close()).resolves.toBeUndefined();
    await expect(fetch(emulator.url)).rejects.toThrow();
  });
});
