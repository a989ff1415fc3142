import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthenticationError, MemoryTokenStore, ServiceError } from '@x/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { soapAction } from '../src/contract.js';
import { CLICKATELL_WSDL, ClickatellSoapClient } from '../src/index.js';

/**
 * Our client against a real third-party server: PHP's own `SoapServer` on our Clickatell WSDL, behind PHP's
 * built-in web server (./php/clickatell_server.php). PHP decodes our envelopes by the WSDL and answers in its
 * own envelope, framing and faults, as Clickatell's PHP service does. PHP (php-cli, php-soap) is installed
 * by scripts/ensure-test-deps.sh.
 */
const SCRIPT = fileURLToPath(new URL('./php/clickatell_server.php', import.meta.url));
const account = { apiId: '3456789', user: 'php-user', password: 'p&ss</password><api_id>1</api_id>' };
const dir = mkdtempSync(join(tmpdir(), 'clickatell-php-'));
const STATE = join(dir, 'state.json');
let php: ChildProcess;
let endpoint: string;

interface State {
  sessions: string[];
  auth: number;
  fault?: boolean;
  last?: { soapAction: string | null; contentType: string | null; body: string };
}
const state = (): State => JSON.parse(readFileSync(STATE, 'utf8'));
const edit = (change: (s: State) => void) => {
  const s = state();
  change(s);
  writeFileSync(STATE, JSON.stringify(s));
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
const accepting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket.destroy() && true));
    socket.on('error', () => resolve(false));
  });

beforeAll(async () => {
  writeFileSync(join(dir, 'clickatell.wsdl'), CLICKATELL_WSDL);
  const port = await freePort();
  php = spawn('php', ['-S', `127.0.0.1:${port}`, SCRIPT], {
    stdio: 'ignore',
    env: {
      ...process.env,
      WSDL_FILE: join(dir, 'clickatell.wsdl'),
      STATE_FILE: STATE,
      API_ID: account.apiId,
      USER_NAME: account.user,
      PASSWORD: account.password,
    },
  });
  const failed = new Promise<never>((_, reject) => php.once('error', reject));
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    up = await Promise.race([accepting(port), failed]);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!up) throw new Error(`php -S did not listen on 127.0.0.1:${port} within 5 s`);
  endpoint = `http://127.0.0.1:${port}/soap/document_literal/webservice`;
});
afterAll(() => {
  php?.kill();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => writeFileSync(STATE, JSON.stringify({ sessions: [], auth: 0 })));

/** A client with a store of its own: no session carried over from another test. */
const client = (extra: { password?: string } = {}) =>
  new ClickatellSoapClient({ ...account, ...extra, endpoint, store: new MemoryTokenStore() });

describe("ClickatellSoapClient against PHP's SoapServer", () => {
  it('logs in and reads the balance: PHP decodes our envelopes by the WSDL, we read its answers', async () => {
    await using c = client();
    // the password's markup reaches PHP as text: PHP compared it and accepted it
    const session = await c.sessionId();
    expect(state().sessions).toEqual([session]);
    expect(await c.getBalance()).toBe(100);
    await c.ping();
    expect(state().auth).toBe(1);
    expect(state().last).toMatchObject({
      soapAction: `"${soapAction('ping')}"`,
      contentType: 'text/xml; charset=utf-8',
    });
  });

  it('a session PHP no longer knows (ERR: 001) → one new log-in and the call succeeds', async () => {
    await using c = client();
    const first = await c.sessionId();
    edit((s) => {
      s.sessions = [];
    });
    expect(await c.getBalance()).toBe(100);
    expect(state().auth).toBe(2);
    expect(await c.sessionId()).not.toBe(first);
  });

  it("a wrong password is PHP's ERR: 001 → AuthenticationError, one request, no retry", async () => {
    await using c = client({ password: 'wrong' });
    const error = await c.getBalance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: '001' });
    expect(String((error as Error).message)).not.toContain('wrong');
    expect(state().auth).toBe(1);
  });

  it("PHP's SoapFault (HTTP 500) → ServiceError with PHP's faultstring", async () => {
    await using c = client();
    await c.sessionId();
    edit((s) => {
      s.fault = true;
    });
    const error = await c.getBalance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 500, code: 'SOAP-ENV:Server' });
    expect((error as Error).message).toContain('Balance service unavailable');
  });
});
