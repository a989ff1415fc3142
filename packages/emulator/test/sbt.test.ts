import { describe, expect, it } from 'vitest';
import { SEEDED } from '../src/index.js';
import { post, useEmulator } from './helpers.js';

const { keys, orgCode } = SEEDED.sbt;
const SEED_SOAP = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://SBTService/ServiceContracts/" xmlns:ser1="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:dat="http://SBTAPIService/DataContract/"> <soapenv:Header/> <soapenv:Body> <ser:AuthenticateAPIKey> <ser:loginRequest> <!--Required:--> <dat:APIKey>API Key</dat:APIKey> <!--Optional:--> <dat:UserName>?</dat:UserName> <!--Optional:--> <dat:Password>?</dat:Password> </ser:loginRequest> </ser:AuthenticateAPIKey> </soapenv:Body> </soapenv:Envelope>`;
const DAY = 24 * 60 * 60_000;
const ACTION = '"http://SBTService/ServiceContracts/ILoginAPI/AuthenticateAPIKey"';

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
    // the seed's SOAP response, member for member
    expect(text).toMatch(
      /<s:Body><AuthenticateAPIKeyResponse xmlns="http:\/\/SBTService\/ServiceContracts\/"><AuthenticateAPIKeyResult z:Id="i1" xmlns:a="http:\/\/SBTAPIService\/DataContract\/" xmlns:i="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xmlns:z="http:\/\/schemas.microsoft.com\/2003\/10\/Serialization\/"><a:Result>true<\/a:Result><a:ErrorCode>1400<\/a:ErrorCode><a:Message>Successfully generated securitytoken<\/a:Message><a:SecurityToken>[\w-]+<\/a:SecurityToken><\/AuthenticateAPIKeyResult><\/AuthenticateAPIKeyResponse><\/s:Body>/,
    );
    const bad = await post(ctx.emulator.urls.sbtSoap, SEED_SOAP, { SOAPAction: ACTION });
    expect(bad.text).toContain(
      '<a:Result>false</a:Result><a:ErrorCode>1401</a:ErrorCode><a:Message>SecurityToken generation is failed</a:Message><a:SecurityToken i:nil="true"/>',
    );
  });

  it('dispatches like WCF: on the SOAPAction alone; a wrong one is an a:ActionNotSupported fault', async () => {
    const body = SEED_SOAP.replace('API Key', keys.never);
    for (const action of [
      '',
      '"AuthenticateAPIKey"',
      '"http://SBTService/ServiceContracts/#AuthenticateAPIKey"',
    ]) {
      const { status, text } = await post(
        ctx.emulator.urls.sbtSoap,
        body,
        action ? { SOAPAction: action } : {},
      );
      expect(status).toBe(500);
      expect(text).toContain(
        '<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode>',
      );
      expect(text).toContain(
        `The message with Action '${action.replace(/"/g, '')}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher.`,
      );
    }
    const wrongBody = await post(
      ctx.emulator.urls.sbtSoap,
      body.replace(/ser:AuthenticateAPIKey>/g, 'ser:Other>'),
      {
        SOAPAction: ACTION,
      },
    );
    expect(wrongBody.status).toBe(500);
    expect(wrongBody.text).toContain('a:DeserializationFailed</faultcode>');
    // a member outside the DataContract namespace is not read (WCF's DataContractSerializer)
    const unqualified = await post(ctx.emulator.urls.sbtSoap, body.replace(/dat:APIKey/g, 'APIKey'), {
      SOAPAction: ACTION,
    });
    expect(unqualified.text).toContain('<a:ErrorCode>1401</a:ErrorCode>');
    expect(
      (
        await post(ctx.emulator.urls.sbtSoap, body, {
          'content-type': 'application/soap+xml',
          SOAPAction: ACTION,
        })
      ).status,
    ).toBe(415);
    expect((await post(ctx.emulator.urls.sbtSoap, '<oops', { SOAPAction: ACTION })).status).toBe(400);
    expect(await (await fetch(ctx.emulator.urls.sbtSoap)).text()).toContain('You have created a service.');
    expect(await (await fetch(`${ctx.emulator.urls.sbtSoap}?singleWsdl`)).text()).toContain(
      '<wsdl:definitions',
    );
  });

  it("refuses nesting deeper than WCF's MaxDepth quota (32) with a:DeserializationFailed, at once", async () => {
    const body = keys.never;
    // the Envelope, Body, AuthenticateAPIKey, loginRequest and APIKey are 5 levels; n more inside APIKey
    const nested = (levels: number) =>
      SEED_SOAP.replace('API Key', `${'<x>'.repeat(levels - 5)}${body}${'</x>'.repeat(levels - 5)}`);
    const tooDeep =
      'a:DeserializationFailed</faultcode><faultstring xml:lang="en-US">The formatter threw an exception while trying to deserialize the message: The maximum read depth (32) has been exceeded';
    const at32 = await post(ctx.emulator.urls.sbtSoap, nested(32), { SOAPAction: ACTION });
    expect([at32.status, at32.text]).toEqual([200, expect.not.stringContaining('DeserializationFailed')]);
    const at33 = await post(ctx.emulator.urls.sbtSoap, nested(33), { SOAPAction: ACTION });
    expect([at33.status, at33.text]).toEqual([500, expect.stringContaining(tooDeep)]);
    // 9,000 levels fit in WCF's 64 KiB message limit; 100,000 (700 KB) are refused for their size first
    const started = performance.now();
    const deepest = await post(ctx.emulator.urls.sbtSoap, nested(9_000), { SOAPAction: ACTION });
    expect(performance.now() - started).toBeLessThan(200);
    expect([deepest.status, deepest.text]).toEqual([500, expect.stringContaining(tooDeep)]);
    const huge = await post(ctx.emulator.urls.sbtSoap, nested(100_000), { SOAPAction: ACTION });
    expect([huge.status, huge.text]).toEqual([413, '']);
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
