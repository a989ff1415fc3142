import { CLICKATELL_WSDL, ClickatellSoapClient } from '@x/clickatell-soap';
import { soapAction } from '@x/clickatell-soap/contract';
import { AuthenticationError, MemoryTokenStore, ServiceError } from '@x/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { phpServer } from './phpServer.js';

/**
 * Our client against a real third-party server: PHP's own `SoapServer` on our Clickatell WSDL, behind PHP's
 * built-in web server (./php/clickatell_server.php). PHP decodes our envelopes by the WSDL and answers in its
 * own envelope, framing and faults, as Clickatell's PHP service does.
 */
const account = { apiId: '3456789', user: 'php-user', password: 'p&ss</password><api_id>1</api_id>' };

interface State {
  sessions: string[];
  auth: number;
  fault?: boolean;
  last?: { soapAction: string | null; contentType: string | null; body: string };
}
let php: Awaited<ReturnType<typeof phpServer<State>>>;

beforeAll(async () => {
  php = await phpServer<State>(
    'clickatell_server.php',
    { WSDL_FILE: CLICKATELL_WSDL },
    { API_ID: account.apiId, USER_NAME: account.user, PASSWORD: account.password },
  );
});
afterAll(() => php?.stop());
beforeEach(() => php.setState({ sessions: [], auth: 0 }));

/** A client with a store of its own: no session carried over from another test. */
const client = (extra: { password?: string } = {}) =>
  new ClickatellSoapClient({
    ...account,
    ...extra,
    endpoint: `${php.url}/soap/document_literal/webservice`,
    store: new MemoryTokenStore(),
  });

describe("ClickatellSoapClient against PHP's SoapServer", () => {
  it('logs in and reads the balance: PHP decodes our envelopes by the WSDL, we read its answers', async () => {
    await using c = client();
    // the password's markup reaches PHP as text: PHP compared it and accepted it
    const session = await c.sessionId();
    expect(php.state().sessions).toEqual([session]);
    expect(await c.getBalance()).toBe(100);
    await c.ping();
    expect(php.state().auth).toBe(1);
    expect(php.state().last).toMatchObject({
      soapAction: `"${soapAction('ping')}"`,
      contentType: 'text/xml; charset=utf-8',
    });
  });

  it('a session PHP no longer knows (ERR: 001) → one new log-in and the call succeeds', async () => {
    await using c = client();
    const first = await c.sessionId();
    php.setState({ ...php.state(), sessions: [] });
    expect(await c.getBalance()).toBe(100);
    expect(php.state().auth).toBe(2);
    expect(await c.sessionId()).not.toBe(first);
  });

  it("a wrong password is PHP's ERR: 001 → AuthenticationError, one request, no retry", async () => {
    await using c = client({ password: 'wrong' });
    const error = await c.getBalance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: '001' });
    expect(String((error as Error).message)).not.toContain('wrong');
    expect(php.state().auth).toBe(1);
  });

  it("PHP's SoapFault (HTTP 500) → ServiceError with PHP's faultstring", async () => {
    await using c = client();
    await c.sessionId();
    php.setState({ ...php.state(), fault: true });
    const error = await c.getBalance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 500, code: 'SOAP-ENV:Server' });
    expect((error as Error).message).toContain('Balance service unavailable');
  });
});
