import { describe, expect, it } from 'vitest';
import { SEEDED } from '../src/index.js';
import { clickatellEnvelope, post, returned, useEmulator } from './helpers.js';

const demo = SEEDED.clickatellSoap.demo;
// the seed document's example request, byte for byte, with the seeded credentials swapped in
const SEED_AUTH = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice">
	<SOAP-ENV:Body>
		<ns1:auth>
			<api_id>123456</api_id>
			<user>MyUsername</user>
			<password>MyPassword</password>
		</ns1:auth>
	</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
const seeded = SEED_AUTH.replace('123456', demo.apiId)
  .replace('MyUsername', demo.user)
  .replace('MyPassword', demo.password);

describe('emulator: Clickatell SOAP', () => {
  const ctx = useEmulator();
  const call = async (command: string, fields: Record<string, string>) =>
    returned((await post(ctx.emulator.urls.clickatellSoap, clickatellEnvelope(command, fields))).text);
  const auth = async () =>
    (await call('auth', { api_id: demo.apiId, user: demo.user, password: demo.password }))!.slice(4);

  it("answers the seed's auth request in the seed's exact shape", async () => {
    const { status, text } = await post(ctx.emulator.urls.clickatellSoap, seeded);
    expect(status).toBe(200);
    expect(text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"\s+xmlns:ns1="http:\/\/api.clickatell.com\/soap\/document_literal\/webservice"><SOAP-ENV:Body><ns1:authResponse[^>]*><return>OK: [0-9a-f]{32}<\/return><\/ns1:authResponse><\/SOAP-ENV:Body><\/SOAP-ENV:Envelope>$/,
    );
    const failed = await post(
      ctx.emulator.urls.clickatellSoap,
      SEED_AUTH.replace('123456', demo.apiId).replace('MyUsername', demo.user),
    );
    expect(returned(failed.text)).toBe('ERR: 001, Authentication failed');
  });

  it('answers the documented codes for unknown user, bad api_id, frozen and IP-locked accounts', async () => {
    const { frozen, ipLocked } = SEEDED.clickatellSoap;
    expect(await call('auth', { api_id: demo.apiId, user: 'nobody', password: 'x' })).toBe(
      'ERR: 002, Unknown username or password',
    );
    expect(await call('auth', { api_id: '1', user: demo.user, password: demo.password })).toBe(
      'ERR: 108, Invalid or missing API ID',
    );
    expect(await call('auth', { api_id: frozen.apiId, user: frozen.user, password: frozen.password })).toBe(
      'ERR: 004, Account frozen',
    );
    expect(
      await call('auth', { api_id: ipLocked.apiId, user: ipLocked.user, password: ipLocked.password }),
    ).toBe('ERR: 007, IP Lockdown violation');
  });

  it('sessions expire after 15 idle minutes; every command using one extends it', async () => {
    const session = await auth();
    await ctx.clock.advance(14 * 60_000 + 59_000);
    expect(await call('ping', { session_id: session })).toBe('OK:');
    await ctx.clock.advance(14 * 60_000);
    expect(await call('getbalance', { session_id: session })).toBe('Credit: 100.000');
    await ctx.clock.advance(15 * 60_000);
    expect(await call('ping', { session_id: session })).toBe('ERR: 003, Session ID expired');
    expect(await call('getbalance', {})).toBe('ERR: 005, Missing session ID');
    expect(await call('ping', {})).toBe('ERR: 005, Missing session ID');
  });

  it('sendmsg, querymsg and getbalance with a session or with credentials', async () => {
    const session = await auth();
    const one = await call('sendmsg', { session_id: session, to: '2799900001', text: 'hi' });
    expect(one).toMatch(/^ID: [0-9a-f]{32}$/);
    const id = one!.slice(4);
    expect(await call('querymsg', { session_id: session, apimsgid: id })).toBe(`ID: ${id} Status: 004`);
    const many = await post(
      ctx.emulator.urls.clickatellSoap,
      clickatellEnvelope('sendmsg', { session_id: session, to: '2799900001</to><to>12', text: 'x' }),
    );
    const lines = [...many.text.matchAll(/<return>(.*?)<\/return>/g)].map((m) => m[1]);
    expect(lines[0]).toMatch(/^ID: [0-9a-f]{32} To: 2799900001$/);
    expect(lines[1]).toBe('ERR: 105, Invalid destination address To: 12');
    expect(await call('getbalance', { api_id: demo.apiId, user: demo.user, password: demo.password })).toBe(
      'Credit: 98.000',
    );
    const broke = SEEDED.clickatellSoap.broke;
    expect(
      await call('sendmsg', {
        api_id: broke.apiId,
        user: broke.user,
        password: broke.password,
        to: '2799900001',
        text: 'x',
      }),
    ).toBe('ERR: 301, No credit left');
  });

  it('serves its WSDL at ?wsdl, pointing at itself', async () => {
    const text = await (await fetch(`${ctx.emulator.urls.clickatellSoap}?wsdl`)).text();
    expect(text).toContain('targetNamespace="http://api.clickatell.com/soap/document_literal/webservice"');
    expect(text).toContain(`location="${ctx.emulator.urls.clickatellSoap}"`);
  });

  it('counts auth calls, pings and live sessions per account', async () => {
    const session = await auth();
    await auth();
    await call('ping', { session_id: session });
    expect(ctx.emulator.counters('clickatell-soap')).toMatchObject({
      auth: 2,
      pings: 1,
      activeTokens: 2,
      byAccount: { demo: { auth: 2, pings: 1, activeTokens: 2 } },
    });
    await ctx.clock.advance(16 * 60_000);
    expect(ctx.emulator.counters('clickatell-soap').activeTokens).toBe(0);
  });
});
