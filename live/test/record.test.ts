import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CAPTURED, CLICKATELL_SOAP_PATH } from '@x/clickatell-soap/contract';
import { type RecordingServer, type ReplayFixture, recordingServer } from '@x/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAIN } from './emulatorEnv.ts';

const run = promisify(execFile);
const SOAP_PACKAGE = new URL('../../packages/clickatell-soap/', import.meta.url).pathname;
const VITEST = new URL('../../node_modules/vitest/vitest.mjs', import.meta.url).pathname;

// canaries: none of them, in any spelling, may reach a fixture (the password has XML's special characters)
const API_ID = '7391';
const USER = 'canary-user-q8z';
const PASSWORD = 'canary&<pass>"q8z';
const SESSION = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const PHONE = '27831234567';
const MESSAGE_ID = 'canarymsg0000042';
const CANARIES = [API_ID, USER, PASSWORD, SESSION, PHONE, MESSAGE_ID];
const spellings = (value: string) => [
  value,
  encodeURIComponent(value),
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;'),
  JSON.stringify(value).slice(1, -1),
];

/** The seed document's response envelope around Clickatell's `return` lines (as the replay tests use). */
const envelope = (operation: string, line: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice">
	<SOAP-ENV:Body>
		<ns1:${operation}Response>
			<return>${line}</return>
		</ns1:${operation}Response>
	</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;

const xmlText = (xml = '') =>
  xml.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!,
  );

/** Answers as the real Clickatell does, with the captured texts: a wrong password or stale session is ERR: 001. */
function clickatellLike(): Promise<RecordingServer> {
  return recordingServer(({ body }) => {
    const operation = /<soap:Body><(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '';
    const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
    const line =
      operation === 'auth'
        ? xmlText(field('password')) === PASSWORD && field('api_id') === API_ID
          ? `OK: ${SESSION}`
          : CAPTURED.authFailed
        : field('session_id') !== SESSION
          ? CAPTURED.authFailed
          : operation === 'ping'
            ? CAPTURED.pingOk
            : operation === 'getbalance'
              ? 'Credit: 12.500'
              : operation === 'sendmsg'
                ? `ID: ${MESSAGE_ID}`
                : operation === 'querymsg'
                  ? `ID: ${MESSAGE_ID} Status: 004`
                  : 'ERR: 002, Unknown command';
    return {
      status: 200,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: envelope(operation, line),
    };
  });
}

let clickatell: RecordingServer;
let dir: string;
beforeEach(async () => {
  clickatell = await clickatellLike();
  dir = await mkdtemp(join(tmpdir(), 'live-record-'));
});
afterEach(async () => {
  await clickatell.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pnpm test:live --record against a server that answers like the real Clickatell', () => {
  it('writes a fixture with no secret in it, which the replay tests accept unchanged', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      CLICKATELL_API_ID: API_ID,
      CLICKATELL_USER: USER,
      CLICKATELL_PASSWORD: PASSWORD,
      CLICKATELL_ENDPOINT: `${clickatell.url}${CLICKATELL_SOAP_PATH}`,
      LIVE_CLICKATELL_SMS_TO: PHONE,
    };
    const { stdout } = await run(process.execPath, [MAIN, `--record=${dir}`], { env }).catch((e) => {
      throw new Error(`${e.message}${e.stdout}${e.stderr}`);
    });
    expect(stdout).toContain(`recorded: ${join(dir, 'clickatell-soap.json')}`);
    // the same calls on the emulator: only the demo account's credit differs from these answers
    expect(stdout).toContain("against the emulator's answers to the same calls: 1 difference(s)");
    expect(stdout).toContain(
      'step 3 a call that carries the session (getbalance), request 1: text Envelope/Body/getbalanceResponse/return: live "Credit: 12.500", emulator "Credit: 100.000"',
    );
    // the secrets did go over the wire: the canary check below would be empty otherwise
    const wire = clickatell.requests.map((r) => r.body).join('\n');
    for (const secret of [API_ID, USER, SESSION, PHONE]) expect(wire).toContain(secret);

    const text = await readFile(join(dir, 'clickatell-soap.json'), 'utf8');
    for (const canary of CANARIES)
      for (const spelled of spellings(canary)) expect(text).not.toContain(spelled);
    const fixture = JSON.parse(text) as ReplayFixture;
    expect(fixture.steps.map((s) => [s.call, s.exchanges.length])).toEqual([
      ['sessionId', 1],
      ['sessionId', 0],
      ['getBalance', 1],
      ['ping', 1],
      ['auth', 1],
      ['sendMessage', 1],
      ['queryMessage', 1],
    ]);
    expect(fixture.clients.account).toEqual({
      apiId: '9000001',
      user: 'live-user-1',
      password: 'live-password-1',
    });
    // one placeholder per secret, however it was spelled on the wire (the password went out XML-escaped)
    expect(fixture.steps[0]!.exchanges[0]!.request.body).toContain('<password>live-password-1</password>');
    expect(fixture.steps[0]!.exchanges[0]!.answer.body).toContain('OK: 5e550000000000000000000000000001');

    // the provider's own replay test plays the folder, as a maintainer would after adding the file
    const replay = await run(
      process.execPath,
      [VITEST, 'run', 'test/replay.test.ts', '--typecheck.enabled=false', '--reporter=verbose'],
      { cwd: SOAP_PACKAGE, env: { ...process.env, REPLAY_FIXTURES: dir, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    expect(replay.stdout).toMatch(/✓ .*recorded fixtures.* clickatell-soap\.json \(live, \d{4}-\d\d-\d\d\)/);
  });
});
