import { fileURLToPath } from 'node:url';
import { AuthenticationError, ServiceError } from '@x/core';
import { readFixtures, recordingServer, replayFixture } from '@x/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CLICKATELL_SOAP_PATH } from '../src/contract.js';
import { ClickatellSoapClient, type ClickatellSoapOptions } from '../src/index.js';

/**
 * Our client against real answers, replayed from a loopback server that knows nothing of our emulator.
 * Each answer is the seed document's response envelope, byte for byte, around a `return` text that the
 * seed shows or that was captured from the live API.
 */
const seedResponse = (operation: string, lines: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice">
	<SOAP-ENV:Body>
		<ns1:${operation}Response>
${lines.map((line) => `			<return>${line}</return>`).join('\n')}
		</ns1:${operation}Response>
	</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;

// from the seed document
const SEED_SESSION = 'af25a6386301960c862278b980b02b29';
const SEED_AUTH_OK = `OK: ${SEED_SESSION}`;
const SEED_AUTH_ERR = 'ERR: 001, Authentication failed';
// captured from the live API (see ../../../shared/reference/providers.md §1.0)
const STALE_SESSION = 'ERR: 001, Authentication failed';
const PING_OK = 'OK: ';
const NO_ROUTE =
  'ERR: This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.';
const IP_LOCKDOWN = 'ERR: 007, IP Lockdown violation';
const NEXT_SESSION = '0123456789abcdef0123456789abcdef';

/** The operation a SOAP request names, and its element's children in the order sent. */
function sent(body: string) {
  const inner = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(body)?.[1] ?? '';
  const children = /^<[^>]*>([\s\S]*)<\/[^>]*>$/.exec(inner)?.[1] ?? '';
  return {
    operation: /^<(?:\w+:)?(\w+)/.exec(inner)?.[1] ?? '',
    elements: [...children.matchAll(/<(\w+)[ >]/g)].map((m) => m[1]!),
  };
}

/** Answers `script` in order (one `[operation, return line(s)]` per request) and records every request. */
async function replay(script: [operation: string, lines: string | string[]][]) {
  const server = await recordingServer(({ body }) => {
    const { operation } = sent(body);
    const [expected, text] = script.shift() ?? ['', ''];
    if (operation !== expected) return { status: 500, body: `expected ${expected}, got ${operation}` };
    return {
      status: 200,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: seedResponse(operation, ([] as string[]).concat(text)),
    };
  });
  closers.push(server.close);
  const client = new ClickatellSoapClient({
    apiId: '123456',
    user: 'MyUsername',
    password: 'MyPassword',
    endpoint: `${server.url}/soap/document_literal/webservice`,
  });
  closers.push(async () => client.close());
  return { client, requests: server.requests, left: () => script.length };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('ClickatellSoapClient against replayed real answers', () => {
  it('auth answered ERR: 001 → one request, AuthenticationError code 001, no retry', async () => {
    const { client, requests } = await replay([['auth', SEED_AUTH_ERR]]);
    const error = await client.sessionId().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: '001', provider: 'clickatell-soap' });
    expect(requests).toHaveLength(1);
  });

  it('a stale session answered ERR: 001 on ping → exactly one re-auth, and the retried ping succeeds', async () => {
    const { client, requests, left } = await replay([
      ['auth', SEED_AUTH_OK],
      ['ping', STALE_SESSION],
      ['auth', `OK: ${NEXT_SESSION}`],
      ['ping', PING_OK],
    ]);
    await client.ping();
    expect(left()).toBe(0);
    expect(requests.map((r) => sent(r.body).operation)).toEqual(['auth', 'ping', 'auth', 'ping']);
    expect(requests[1]!.body).toContain(`<session_id>${SEED_SESSION}</session_id>`);
    expect(requests[3]!.body).toContain(`<session_id>${NEXT_SESSION}</session_id>`);
    expect(await client.sessionId()).toBe(NEXT_SESSION);
  });

  it('a stale session answered ERR: 001 on getbalance → exactly one re-auth, and the retry succeeds', async () => {
    const { client, requests, left } = await replay([
      ['auth', SEED_AUTH_OK],
      ['getbalance', STALE_SESSION],
      ['auth', `OK: ${NEXT_SESSION}`],
      ['getbalance', 'Credit: 12.500'],
    ]);
    expect(await client.getBalance()).toBe(12.5);
    expect(left()).toBe(0);
    expect(requests.filter((r) => sent(r.body).operation === 'auth')).toHaveLength(2);
  });

  it('a session that is still refused after one re-auth is not retried again', async () => {
    const { client, requests } = await replay([
      ['auth', SEED_AUTH_OK],
      ['getbalance', STALE_SESSION],
      ['auth', `OK: ${NEXT_SESSION}`],
      ['getbalance', STALE_SESSION],
    ]);
    await expect(client.getBalance()).rejects.toMatchObject({ code: '001' });
    expect(requests).toHaveLength(4);
  });

  it('an ERR: line without a code is a ServiceError carrying the server text', async () => {
    const { client } = await replay([
      ['auth', SEED_AUTH_OK],
      ['routecoverage', NO_ROUTE],
      ['routecoverage', NO_ROUTE],
    ]);
    const error = await client.call('routecoverage', { msisdn: '99912345678' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toContain(NO_ROUTE.slice('ERR: '.length));
    expect((error as ServiceError).code).toBeUndefined();
    expect(await client.routeCoverage('99912345678')).toEqual({
      supported: false,
      description: NO_ROUTE.slice('ERR: '.length),
    });
  });

  it('routeCoverage: a coded ERR (a stale session) is not "no route": one re-auth, and the retried lookup answers', async () => {
    const ROUTED =
      'This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1';
    const { client, left } = await replay([
      ['auth', SEED_AUTH_OK],
      ['routecoverage', STALE_SESSION],
      ['auth', `OK: ${NEXT_SESSION}`],
      ['routecoverage', `OK: ${ROUTED}`],
    ]);
    expect(await client.routeCoverage('2799900001')).toEqual({
      supported: true,
      charge: 1,
      description: ROUTED,
    });
    expect(left()).toBe(0);
  });

  it('ERR: 007 (IP lockdown) on sendmsg is an AuthenticationError, not a lost session', async () => {
    const { client, requests } = await replay([
      ['auth', SEED_AUTH_OK],
      ['sendmsg', IP_LOCKDOWN],
    ]);
    await expect(client.sendMessage({ to: '2799900001', text: 'hi' })).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: '007',
    });
    expect(requests).toHaveLength(2);
  });

  it("sendmsg to many: an ERR line is its recipient's error, the recipient read from the To: after it", async () => {
    const { client } = await replay([
      ['auth', SEED_AUTH_OK],
      [
        'sendmsg',
        ['ERR: 105, Invalid Destination Address To: 2799900002', 'ID: a1 To: 2799900001', 'OK: odd'],
      ],
    ]);
    const [refused, sent, odd] = await client.sendMessage({
      to: ['2799900001', '2799900002', '2799900003'],
      text: 'hi',
    });
    expect(refused).toMatchObject({
      to: '2799900002',
      error: { code: '105', message: expect.stringMatching(/Invalid Destination Address/) },
    });
    expect(sent).toEqual({ to: '2799900001', apiMessageId: 'a1' });
    expect(odd).toMatchObject({
      to: '2799900003',
      error: { name: 'ProtocolError', message: 'clickatell-soap: sendmsg line has no ID' },
    });
  });

  it("requests carry the real soapActions and the WSDL's element order", async () => {
    const { client, requests } = await replay([
      ['auth', SEED_AUTH_OK],
      ['sendmsg', ['ID: a1 To: 2799900001', 'ID: a2 To: 2799900002']],
      [
        'routecoverage',
        'OK: This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1',
      ],
      ['getmsgcharge', 'apiMsgId: a1 charge: 1 status: 004'],
    ]);
    await client.sendMessage({ to: ['2799900001', '2799900002'], text: 'Hello', from: 'Shop' });
    await client.routeCoverage('2799900001');
    await client.call('getmsgcharge', { apimsgid: 'a1' });
    const ns = 'http://api.clickatell.com/soap/document_literal/webservice';
    expect(requests.map((r) => r.headers.soapaction)).toEqual([
      `"${ns}/auth"`,
      `"${ns}/sendmsg"`,
      `"${ns}/routecoverage"`,
      `"${ns}/getmsgcharge"`,
    ]);
    expect(requests.map((r) => sent(r.body).elements)).toEqual([
      ['api_id', 'user', 'password'],
      ['session_id', 'text', 'to', 'to', 'from'],
      ['session_id', 'msisdn'],
      ['session_id', 'apimsgid'],
    ]);
    // the operation element is in Clickatell's namespace; its children are unqualified
    expect(requests[0]!.body).toContain(`xmlns:tns="${ns}"><soap:Body><tns:auth><api_id>123456</api_id>`);
  });
});

// what `pnpm test:live --record` wrote (see live/README.md): real answers, secrets replaced by placeholders;
// REPLAY_FIXTURES plays another folder's (a contributed recording, before it is added here)
const FIXTURES = process.env.REPLAY_FIXTURES ?? fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('recorded fixtures: the same requests, the same outcomes', () => {
  for (const { name, fixture } of readFixtures(FIXTURES, 'clickatell-soap'))
    it(`${name} (${fixture.source})`, () =>
      replayFixture(
        fixture,
        (options, url) =>
          new ClickatellSoapClient({
            ...(options as unknown as ClickatellSoapOptions),
            endpoint: `${url}${CLICKATELL_SOAP_PATH}`,
          }),
      ));
});
