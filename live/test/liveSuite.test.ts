import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import { type Emulator, SEEDED, startEmulator } from '@x/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLive } from '../src/runLive.ts';
import { emulatorEnv, MAIN } from './emulatorEnv.ts';

const run = promisify(execFile);
const EON_KEY = SEEDED.sbt.keys['expire-on-new'];
const PHONE = SEEDED.clickatellMfa.phone;

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterEach(() => emulator.close());

/** The demo account's credit, asked of the emulator by a client of our own (100 when nothing was sent). */
async function credit(): Promise<number> {
  const { apiId, user, password } = SEEDED.clickatellSoap.demo;
  const client = new ClickatellSoapClient({ apiId, user, password, endpoint: emulator.urls.clickatellSoap });
  try {
    return await client.getBalance();
  } finally {
    client.close();
  }
}

async function live(extra: Record<string, string> = {}) {
  const lines: string[] = [];
  const result = await runLive({ env: emulatorEnv(emulator, extra), print: (line) => lines.push(line) });
  return { ...result, report: lines.join('\n'), lines };
}

describe('pnpm test:live against the emulator, configured through the same variables as the real services', () => {
  it('runs every service and reports each call, and without opt-ins sends no SMS or challenge and takes no Expire-On-New token', async () => {
    const { ok, results, report } = await live();
    expect(ok).toBe(true);
    expect(results.map((r) => [r.service, r.status])).toEqual([
      ['clickatell-soap', 'passed'],
      ['clickatell-mfa', 'passed'],
      ['sbt', 'passed'],
      ['cms-auth', 'passed'],
    ]);
    // each call on its own line: the step, the operation and the HTTP status
    expect(report).toMatch(/ok {4}log-in +POST auth → 200/);
    expect(report).toMatch(/ok {4}the session reused +no request \(served from cache\)/);
    expect(report).toMatch(/ok {4}a wrong password \(once\) +POST auth → 200/);
    expect(report).toMatch(/ok {4}a wrong token \(once\) +GET x-live-no-such-challenge → 401/);
    expect(report).toMatch(/ok {4}expiry \(forced by log-out\) +POST isValidToken → 200/);
    expect(report).toMatch(/skip {2}one PIN challenge: sends an SMS: set LIVE_MFA_CHALLENGE_TO/);
    expect(report).toContain('4 passed, 0 failed, 0 not configured');
    expect(emulator.counters('clickatell-mfa').auth).toBe(0);
    expect(emulator.inbox(PHONE)).toEqual([]);
    expect(emulator.counters('sbt').byAccount[EON_KEY]?.auth ?? 0).toBe(0);
    // each wrong credential tried once: Clickatell saw one good and one bad log-in, SBT one unknown key
    expect(emulator.counters('clickatell-soap').byAccount.demo?.auth).toBe(2);
    expect(emulator.counters('sbt').byAccount['(unknown)']?.auth).toBe(1);
    expect(emulator.counters('cms-auth').byAccount.alice?.auth).toBe(2);
    // nothing that costs money or harm (asking for the credit is one more log-in, so it comes last)
    expect(await credit()).toBe(SEEDED.clickatellSoap.demo.credit);
    // no value of a credential reaches the report
    for (const secret of Object.values(emulatorEnv(emulator)).filter((v) => !v.startsWith('http')))
      expect(report).not.toContain(secret);
  });

  it('with each opt-in set, sends exactly one of each, and prints what it will send before sending it', async () => {
    const { ok, lines } = await live({
      LIVE_CLICKATELL_SMS_TO: PHONE,
      LIVE_MFA_CHALLENGE_TO: PHONE,
      LIVE_SBT_NEW_TOKEN: 'yes',
      LIVE_SBT_SMS_TO: '5551234567',
      SBT_ORG_CODE: SEEDED.sbt.orgCode,
    });
    expect(ok).toBe(true);
    expect(await credit()).toBe(SEEDED.clickatellSoap.demo.credit - 1);
    expect(emulator.counters('clickatell-mfa').auth).toBe(1);
    expect(emulator.inbox(PHONE)).toHaveLength(1);
    // a SOAP token, a REST one (which kills it), and the one re-auth the SMS step needs after that
    expect(emulator.counters('sbt').byAccount[EON_KEY]?.auth).toBe(3);
    const announced = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const reported = (pattern: RegExp) =>
      lines.findIndex((line) => /^ {2}ok/.test(line) && pattern.test(line));
    for (const [notice, step] of [
      [
        /about to send: clickatell-soap: one SMS .*sends one SMS to 2799900001/,
        /one SMS \(sendmsg\) +POST sendmsg/,
      ],
      [
        /about to send: clickatell-mfa: .*PIN challenge \(an SMS\) to 2799900001/,
        /one PIN challenge +POST auth → 202/,
      ],
      [
        /about to send: sbt: a token \(SOAP\): takes a new token/,
        /a token \(SOAP\) +POST AuthenticateAPIKey/,
      ],
      [
        /about to send: sbt: one SMS .*to 5551234567/,
        /one SMS with the first token .*POST SendMessage → 200, POST AuthenticateAPIKey → 200, POST SendMessage → 200/,
      ],
    ] as const) {
      expect(announced(notice), String(notice)).toBeGreaterThan(-1);
      expect(announced(notice)).toBeLessThan(reported(step));
    }
  });

  it('takes SBT tokens without LIVE_SBT_NEW_TOKEN when the key is declared not to be Expire On New', async () => {
    const { ok, report } = await live({ SBT_API_KEY: SEEDED.sbt.keys['1-day'], SBT_TOKEN_EXPIRY: '1-day' });
    expect(ok).toBe(true);
    expect(report).toMatch(/ok {4}the token reused +no request/);
    expect(emulator.counters('sbt').byAccount[SEEDED.sbt.keys['1-day']]?.auth).toBe(2);
  });

  it('a refused log-in fails the service, sends nothing more on that account, and the run exits 1', async () => {
    const env = emulatorEnv(emulator, { CLICKATELL_PASSWORD: 'not-the-demo-password' });
    const { code, stdout } = await run(process.execPath, [MAIN], { env }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /clickatell-soap: failed\n {2}FAIL {2}log-in +POST auth → 200: rejected with AuthenticationError 001/,
    );
    expect(stdout).toMatch(/skip {2}a wrong password \(once\): not sent: "log-in" failed/);
    expect(emulator.counters('clickatell-soap').byAccount.demo?.auth).toBe(1);
    expect(stdout).toMatch(/^sbt: passed$/m);
  });
});

describe('pnpm test:live without usable credentials', () => {
  it('exits 0 and reports every service as not configured, none as passed', async () => {
    const { stdout } = await run(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '' } });
    for (const service of ['clickatell-soap', 'clickatell-mfa', 'sbt', 'cms-auth'])
      expect(stdout).toMatch(new RegExp(`^${service}: not configured \\(set `, 'm'));
    expect(stdout).toContain('0 passed, 0 failed, 4 not configured');
    expect(stdout).not.toMatch(/: passed/);
  });

  it('a half-set service is misconfigured, which fails the run, and nothing is sent for it', async () => {
    const lines: string[] = [];
    const { ok, results } = await runLive({
      env: { CLICKATELL_USER: 'someone', SBT_API_KEY: 'a-key', SBT_TOKEN_EXPIRY: 'forever' },
      print: (line) => lines.push(line),
    });
    expect(ok).toBe(false);
    expect(results.map((r) => [r.service, r.status])).toEqual([
      ['clickatell-soap', 'misconfigured'],
      ['clickatell-mfa', 'not configured'],
      ['sbt', 'misconfigured'],
      ['cms-auth', 'not configured'],
    ]);
    expect(lines).toContain(
      'clickatell-soap: misconfigured (needs all three of CLICKATELL_API_ID, CLICKATELL_USER and CLICKATELL_PASSWORD)',
    );
    expect(lines.join('\n')).toMatch(/sbt: misconfigured \(SBT_TOKEN_EXPIRY must be one of expire-on-new, /);
  });
});
