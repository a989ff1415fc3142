import { describe, expect, it } from 'vitest';
import { SEEDED } from '../src/index.js';
import { post, useEmulator } from './helpers.js';

const { keys, orgCode } = SEEDED.sbt;
const SEED_SOAP = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://SBTService/ServiceContracts/" xmlns:ser1="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:dat="http://SBTAPIService/DataContract/"> <soapenv:Header/> <soapenv:Body> <ser:AuthenticateAPIKey> <ser:loginRequest> <!--Required:--> <dat:APIKey>API Key</dat:APIKey> <!--Optional:--> <dat:UserName>?</dat:UserName> <!--Optional:--> <dat:Password>?</dat:Password> </ser:loginRequest> </ser:AuthenticateAPIKey> </soapenv:Body> </soapenv:Envelope>`;
const DAY = 24 * 60 * 60_000;

describe('emulator: Solutions By Text', () => {
  const ctx = useEmulator();
  const rest = async (apiKey: string) => {
    const res = await fetch(`${ctx.emulator.urls.sbtRest}?APIKey=${encodeURIComponent(apiKey)}`);
    return (await res.json()).AuthenticateAPIKeyResult as {
      Result: boolean;
      ErrorCode: number;
      Message: string;
      SecurityToken: string;
    };
  };
  const send = async (securityToken: string) => {
    const res = await fetch(ctx.emulator.urls.sbtSendMessage, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ securityToken, orgCode, message: 'hi', sendTo: [{ sendTo: '5551234567' }] }),
    });
    return (await res.json()).SendMessageResult as { Result: boolean; ErrorCode: number };
  };

  it("answers the seed's SOAP request in the WCF shape: namespaces and fields as documented", async () => {
    const { status, text } = await post(ctx.emulator.urls.sbtSoap, SEED_SOAP.replace('API Key', keys.never), {
      SOAPAction: '"http://SBTService/ServiceContracts/ILoginAPI/AuthenticateAPIKey"',
    });
    expect(status).toBe(200);
    expect(text).toContain('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(text).toContain('xmlns:dat="http://SBTAPIService/DataContract/"');
    expect(text).toMatch(
      /<s:Body><AuthenticateAPIKeyResponse xmlns="http:\/\/SBTService\/ServiceContracts\/"><AuthenticateAPIKeyResult><dat:Result>true<\/dat:Result><dat:ErrorCode>1400<\/dat:ErrorCode><dat:Message>Successfully generated securitytoken<\/dat:Message><dat:SecurityToken>[\w-]+<\/dat:SecurityToken><\/AuthenticateAPIKeyResult><\/AuthenticateAPIKeyResponse><\/s:Body>/,
    );
    const bad = await post(ctx.emulator.urls.sbtSoap, SEED_SOAP);
    expect(bad.text).toContain('<dat:Result>false</dat:Result><dat:ErrorCode>1401</dat:ErrorCode>');
  });

  it("answers REST with the seed's AuthenticateAPIKeyResult JSON", async () => {
    const res = await fetch(`${ctx.emulator.urls.sbtRest}?APIKey=${keys.never}`);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['AuthenticateAPIKeyResult']);
    expect(body.AuthenticateAPIKeyResult).toEqual({
      Result: true,
      ErrorCode: 1400,
      Message: 'Successfully generated securitytoken',
      SecurityToken: expect.any(String),
    });
    expect((await rest('not-a-key')).ErrorCode).toBe(1401);
  });

  it('Expire On New: a new token kills the old one', async () => {
    const first = (await rest(keys['expire-on-new'])).SecurityToken;
    expect((await send(first)).ErrorCode).toBe(1400);
    const second = (await rest(keys['expire-on-new'])).SecurityToken;
    expect(await send(first)).toMatchObject({ Result: false, ErrorCode: 1000 });
    expect((await send(second)).ErrorCode).toBe(1400);
    await ctx.clock.advance(20 * 365 * DAY);
    expect((await send(second)).ErrorCode).toBe(1400);
  });

  it('Never Expires: many live tokens, none expire', async () => {
    const a = (await rest(keys.never)).SecurityToken;
    const b = (await rest(keys.never)).SecurityToken;
    await ctx.clock.advance(50 * 365 * DAY);
    expect([(await send(a)).ErrorCode, (await send(b)).ErrorCode]).toEqual([1400, 1400]);
  });

  it.each([
    ['1-day', DAY],
    ['1-week', 7 * DAY],
    ['1-year', 365 * DAY],
    ['10-years', 3652 * DAY],
  ] as const)(
    '%s: each token lives exactly its lifetime; several live at once',
    async (setting, lifetime) => {
      const a = (await rest(keys[setting])).SecurityToken;
      await ctx.clock.advance(lifetime / 2);
      const b = (await rest(keys[setting])).SecurityToken;
      await ctx.clock.advance(lifetime / 2 - 1);
      expect([(await send(a)).ErrorCode, (await send(b)).ErrorCode]).toEqual([1400, 1400]);
      await ctx.clock.advance(1);
      expect([(await send(a)).ErrorCode, (await send(b)).ErrorCode]).toEqual([1000, 1400]);
      await ctx.clock.advance(lifetime / 2);
      expect((await send(b)).ErrorCode).toBe(1000);
    },
  );

  it('counts AuthenticateAPIKey calls and live tokens per key', async () => {
    await rest(keys['expire-on-new']);
    await rest(keys['expire-on-new']);
    expect(ctx.emulator.counters('sbt').byAccount[keys['expire-on-new']]).toEqual({
      auth: 2,
      pings: 0,
      activeTokens: 1,
    });
  });
});

describe('emulator: SBT key lookup', () => {
  const ctx = useEmulator();
  it('an API key named like an Object.prototype member is unknown', async () => {
    for (const key of ['constructor', '__proto__', 'toString']) {
      const res = await fetch(`${ctx.emulator.urls.sbtRest}?APIKey=${key}`);
      expect((await res.json()).AuthenticateAPIKeyResult.ErrorCode).toBe(1401);
    }
  });
});
