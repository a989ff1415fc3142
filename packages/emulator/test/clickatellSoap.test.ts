import { describe, expect, it } from 'vitest';
import { SEEDED } from '../src/index.js';
import { UNROUTABLE_PREFIX } from '../src/services/clickatellSoap.js';
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
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/" xmlns:ns1="http:\/\/api.clickatell.com\/soap\/document_literal\/webservice"><SOAP-ENV:Body><ns1:authResponse><return>OK: [0-9a-f]{32}<\/return><\/ns1:authResponse><\/SOAP-ENV:Body><\/SOAP-ENV:Envelope>\n$/,
    );
    const failed = await post(
      ctx.emulator.urls.clickatellSoap,
      SEED_AUTH.replace('123456', demo.apiId).replace('MyUsername', demo.user),
    );
    expect(returned(failed.text)).toBe('ERR: 001, Authentication failed');
  });

  it('answers as captured from the live API: 001 for a wrong user or api_id; 004/007 for frozen and IP-locked', async () => {
    const { frozen, ipLocked } = SEEDED.clickatellSoap;
    expect(await call('auth', { api_id: demo.apiId, user: 'nobody', password: 'x' })).toBe(
      'ERR: 001, Authentication failed',
    );
    expect(await call('auth', { api_id: '1', user: demo.user, password: demo.password })).toBe(
      'ERR: 001, Authentication failed',
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
    expect(await call('ping', { session_id: session })).toBe('OK: '); // captured: a trailing space
    await ctx.clock.advance(14 * 60_000);
    expect(await call('getbalance', { session_id: session })).toBe('Credit: 100.000');
    await ctx.clock.advance(15 * 60_000);
    // captured: the live API answers a stale session with 001, not 003
    expect(await call('ping', { session_id: session })).toBe('ERR: 001, Authentication failed');
    expect(await call('getbalance', { session_id: 'f'.repeat(32) })).toBe('ERR: 001, Authentication failed');
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

  it("dispatches on the body element, like PHP's SoapServer, whatever the SOAPAction says", async () => {
    for (const action of [
      '"http://api.clickatell.com/soap/document_literal/webservice/ping"',
      '"http://api.clickatell.com/soap/document_literal/webservice/ClickatellSms/authRequest"',
      '"http://api.clickatell.com/soap/document_literal/webservice#auth"',
      '',
    ]) {
      const { status, text } = await post(ctx.emulator.urls.clickatellSoap, seeded, { SOAPAction: action });
      expect(status).toBe(200);
      expect(returned(text)).toMatch(/^OK: [0-9a-f]{32}$/);
    }
  });

  it('serves the real operation names: routecoverage (lower case), querymsg of an unknown ID, batches', async () => {
    const session = await auth();
    expect(await call('routecoverage', { session_id: session, msisdn: '2799900001' })).toBe(
      'OK: This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1',
    );
    expect(await call('routecoverage', { session_id: session, msisdn: `${UNROUTABLE_PREFIX}1234567` })).toBe(
      'ERR: This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
    );
    expect(await call('querymsg', { session_id: session, apimsgid: 'abc' })).toBe('ID: abc Status: 001');
    const batch = (await call('startbatch', { session_id: session, template: 'Hi #field1#' }))!;
    expect(batch).toMatch(/^ID: [0-9a-f]{32}$/);
    const batchId = batch.slice(4);
    expect(await call('senditem', { session_id: session, batch_id: batchId, to: '2799900001' })).toMatch(
      /^ID: /,
    );
    expect(await call('quicksend', { session_id: session, batch_id: batchId, to: '2799900002' })).toMatch(
      /^ID: /,
    );
    expect(await call('endbatch', { session_id: session, batch_id: batchId })).toBe('OK');
    expect(await call('endbatch', { session_id: session, batch_id: batchId })).toBe(
      'ERR: 201, Invalid batch ID',
    );
    const fault = await post(ctx.emulator.urls.clickatellSoap, clickatellEnvelope('routeCoverage', {}));
    expect(fault.status).toBe(500);
    expect(fault.text).toContain("<faultstring>Procedure 'routeCoverage' not present</faultstring>");
  });

  it("answers what it cannot run with a SOAP 1.1 Fault in PHP's words, never with internals", async () => {
    const cases: [string, string, string][] = [
      [clickatellEnvelope('nope', {}), 'SOAP-ENV:Server', "Procedure 'nope' not present"],
      ['<not-xml', 'SOAP-ENV:Client', 'Bad Request'],
      [
        '<a:Envelope xmlns:a="urn:x"><a:Body><auth/></a:Body></a:Envelope>',
        'SOAP-ENV:VersionMismatch',
        'Wrong Version',
      ],
      [
        '<!DOCTYPE x [<!ENTITY a "b">]><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><auth><user>&a;</user></auth></SOAP-ENV:Body></SOAP-ENV:Envelope>',
        'SOAP-ENV:Server',
        'DTD are not supported by SOAP',
      ],
      [
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body> </SOAP-ENV:Body></SOAP-ENV:Envelope>',
        'SOAP-ENV:Client',
        'looks like we got &quot;Body&quot; without function call',
      ],
    ];
    for (const [body, code, text] of cases) {
      const answer = await post(ctx.emulator.urls.clickatellSoap, body);
      expect(answer.status).toBe(500);
      expect(answer.text).toBe(
        `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>\n`,
      );
    }
  });

  // within a second, not a tighter bound: refusing takes 20 to 40 ms here, and a parser that recursed or backtracked
  // per level would take minutes, while a tighter bound failed when other test files loaded both cores
  it("refuses 100,000 levels of nesting (700 KB) with PHP's Client fault, within a second", async () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    const body = clickatellEnvelope('auth', { api_id: demo.apiId, user: deep, password: demo.password });
    await post(ctx.emulator.urls.clickatellSoap, seeded); // the first request pays for loading the code
    const started = performance.now();
    const { status, text } = await post(ctx.emulator.urls.clickatellSoap, body);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(status).toBe(500);
    expect(text).toContain('<faultcode>SOAP-ENV:Client</faultcode><faultstring>Bad Request</faultstring>');
  });

  it('reads 2,049 levels of nesting and refuses 2,050, as PHP (libxml2) does', async () => {
    // measured against PHP 8.2's SoapServer: the Envelope, the Body and n nested elements in it
    const nested = (levels: number) =>
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>${'<a>'.repeat(levels - 2)}${'</a>'.repeat(levels - 2)}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    expect((await post(ctx.emulator.urls.clickatellSoap, nested(2049))).text).toContain(
      "<faultcode>SOAP-ENV:Server</faultcode><faultstring>Procedure 'a' not present</faultstring>",
    );
    expect((await post(ctx.emulator.urls.clickatellSoap, nested(2050))).text).toContain(
      '<faultcode>SOAP-ENV:Client</faultcode><faultstring>Bad Request</faultstring>',
    );
  });

  it("answers an operation element outside the service namespace as PHP does: Procedure 'auth' not present", async () => {
    const fields = `<api_id>${demo.apiId}</api_id><user>${demo.user}</user><password>${demo.password}</password>`;
    const withAuth = (element: string) =>
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>${element.replace('/>', `>${fields}</auth>`)}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    // unqualified (what SOAP::Lite sends without ->ns(...)), or in another namespace
    for (const element of ['<auth/>', '<auth xmlns="urn:other"/>']) {
      const { status, text } = await post(ctx.emulator.urls.clickatellSoap, withAuth(element));
      expect(status).toBe(500);
      expect(text).toContain(
        "<faultcode>SOAP-ENV:Server</faultcode><faultstring>Procedure 'auth' not present</faultstring>",
      );
    }
    // the service namespace as a default namespace is as good as a prefix (the children inherit it)
    const asDefault = await post(
      ctx.emulator.urls.clickatellSoap,
      withAuth('<auth xmlns="http://api.clickatell.com/soap/document_literal/webservice"/>'),
    );
    expect(returned(asDefault.text)).toMatch(/^OK: [0-9a-f]{32}$/);
  });

  it('reads 30,000 repeated elements in linear time (a copy per repeat took minutes)', async () => {
    const credentials = { api_id: demo.apiId, user: demo.user, password: demo.password, text: 'x' };
    const body = clickatellEnvelope('sendmsg', credentials).replace(
      '<text>',
      `${'<to>1</to>'.repeat(30_000)}<text>`,
    );
    const started = performance.now();
    const { text } = await post(ctx.emulator.urls.clickatellSoap, body);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(returned(text)).toBe('ERR: 105, Invalid destination address'); // more than 300 recipients
  }, 20_000);

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
