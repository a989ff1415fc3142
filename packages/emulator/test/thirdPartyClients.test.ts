import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, SEEDED, startEmulator } from '../src/index.js';

// Real third-party clients (PHP's SoapClient and curl, python zeep) against the emulator, each one run
// by a small script in ./third-party that prints one JSON object: every call's answer (or fault) and what
// went over the wire.

const exec = promisify(execFile);
const SCRIPTS = fileURLToPath(new URL('./third-party/', import.meta.url));
const PHP = ['-d', 'display_errors=stderr', '-d', 'soap.wsdl_cache_enabled=0'];
// Debian's python3-zeep is installed for the system interpreter; a pyenv python3 may come first in PATH
const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install -y --no-install-recommends';
const CLICKATELL_NS = 'http://api.clickatell.com/soap/document_literal/webservice';
const demo = SEEDED.clickatellSoap.demo;
const phone = SEEDED.clickatellMfa.phone;

type Client = 'php' | 'zeep';
interface Call {
  result?: unknown;
  fault?: { faultcode: string | null; faultstring: string | null };
  error?: string;
  /** PHP: the raw header block; zeep: a header map. */
  requestHeaders: string | Record<string, string> | null;
  request: string | null;
  response: string | null;
}

async function checkPhp(): Promise<void> {
  let modules: string;
  try {
    modules = (await exec('php', ['-m'], { timeout: 10_000 })).stdout;
  } catch (error) {
    throw new Error(
      `php cannot run (${(error as Error).message.split('\n')[0]}): install the Debian packages php-cli php-soap php-curl (${INSTALL} php-cli php-soap php-curl)`,
    );
  }
  const missing = ['soap', 'curl'].filter((name) => !new RegExp(`^${name}$`, 'm').test(modules));
  if (missing.length > 0) {
    const packages = missing.map((name) => `php-${name}`).join(' ');
    throw new Error(
      `php lacks the ${missing.join(' and ')} extension: install ${packages} (${INSTALL} ${packages})`,
    );
  }
}

async function checkZeep(): Promise<void> {
  try {
    await exec(PYTHON, ['-c', 'import zeep'], { timeout: 10_000 });
  } catch (error) {
    throw new Error(
      `${PYTHON} cannot import zeep (${(error as Error).message.split('\n')[0]}): install the Debian package python3-zeep (${INSTALL} python3-zeep)`,
    );
  }
}

const once = (check: () => Promise<void>) => {
  let done: Promise<void> | undefined;
  return () => (done ??= check());
};
const needs: Record<Client, () => Promise<void>> = { php: once(checkPhp), zeep: once(checkZeep) };

/**
 * Run `script` with `client` against a fresh emulator; its JSON output is ready in the tests. A missing
 * client or a script that fails makes every test of the suite fail with that error (none is skipped).
 */
function scriptRun<T>(client: Client, script: string, args: (emulator: Emulator) => string[]) {
  let emulator: Emulator | undefined;
  let output: T | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      await needs[client]();
      emulator = await startEmulator();
      const [command, flags] = client === 'php' ? ['php', PHP] : [PYTHON, ['-B']];
      const { stdout } = await exec(command, [...flags, script, ...args(emulator)], {
        cwd: SCRIPTS,
        timeout: 30_000,
        env: { ...process.env, NO_PROXY: '*', no_proxy: '*' },
      });
      let parsed: { wsdlFault?: unknown; wsdlError?: unknown };
      try {
        parsed = JSON.parse(stdout);
      } catch {
        throw new Error(`${script} printed no JSON object:\n${stdout}`);
      }
      const broken = parsed.wsdlFault ?? parsed.wsdlError;
      if (broken) throw new Error(`${script} could not load the WSDL: ${JSON.stringify(broken)}`);
      output = parsed as T;
    } catch (error) {
      failure = error;
    }
  }, 60_000);
  afterAll(() => emulator?.close());
  const ready = () => {
    if (failure) throw failure;
  };
  return {
    get emulator(): Emulator {
      ready();
      return emulator!;
    },
    get output(): T {
      ready();
      return output!;
    },
  };
}

/** What the response element held: PHP gives an object of its children, zeep unwraps a single child. */
function answer(client: Client, call: Call | undefined): unknown {
  if (call?.result == null) {
    throw new Error(
      `no answer: ${JSON.stringify(call?.fault ?? call?.error ?? 'call missing')}\nresponse: ${call?.response}`,
    );
  }
  return client === 'php' ? Object.values(call.result as object)[0] : call.result;
}

/** A Clickatell `return` line (sendmsg's `return` may repeat: one number sent to, one line). */
function line(client: Client, call: Call | undefined): string {
  const value = answer(client, call);
  if (!Array.isArray(value)) return value as string;
  expect(value).toHaveLength(1);
  return value[0];
}

function soapAction(call: Call | undefined): string | undefined {
  const headers = call?.requestHeaders;
  const raw =
    typeof headers === 'string' ? /^SOAPAction:[ \t]*(.*?)\s*$/im.exec(headers)?.[1] : headers?.SOAPAction;
  return raw?.replace(/^"(.*)"$/, '$1');
}

/** The fault the client raised for `call`. */
function faultOf(call: Call | undefined): Call['fault'] {
  if (call?.fault === undefined) {
    throw new Error(
      `no fault: ${JSON.stringify(call?.result ?? call?.error ?? 'call missing')}\nresponse: ${call?.response}`,
    );
  }
  return call.fault;
}

/** A fault the server sent (not one the client made up, like PHP's "looks like we got no XML document"). */
const serverFault = (code: RegExp | string) => ({
  faultcode: typeof code === 'string' ? code : expect.stringMatching(code),
  faultstring: expect.stringMatching(/\S/),
});

describe.each([
  ['php', 'clickatell.php'],
  ['zeep', 'clickatell_zeep.py'],
] as const)('third-party client %s: Clickatell SOAP', (client, script) => {
  const ctx = scriptRun<Record<string, Call>>(client, script, (emulator) => [
    `${emulator.urls.clickatellSoap}?wsdl`,
    demo.apiId,
    demo.user,
    demo.password,
    phone,
  ]);
  const call = (name: string) => ctx.output[name];

  it('auth answers OK: and a session id', () => {
    expect(line(client, call('auth'))).toMatch(/^OK: [0-9a-f]{32}$/);
  });
  it('ping with the session answers "OK: " (trailing space kept)', () => {
    expect(line(client, call('ping'))).toBe('OK: ');
  });
  it('getbalance with the session answers Credit: 100', () => {
    const credit = /^Credit: (\d+(?:\.\d+)?)$/.exec(line(client, call('getbalance')));
    expect(Number(credit?.[1])).toBe(100);
  });
  it('sendmsg to one number answers ID:', () => {
    expect(line(client, call('sendmsg'))).toMatch(/^ID: [0-9a-f]+$/);
  });
  it('routecoverage (all lower case, as the WSDL names it) answers that the prefix is supported', () => {
    expect(line(client, call('routecoverage'))).toMatch(/^OK: This prefix is currently supported/);
  });
  it('auth with a wrong password answers ERR: 001', () => {
    expect(line(client, call('authWrongPassword'))).toBe('ERR: 001, Authentication failed');
  });
  it("sends each call with the WSDL's SOAPAction <namespace>/<operation>", () => {
    const operations = ['auth', 'ping', 'getbalance', 'sendmsg', 'routecoverage'];
    expect(Object.fromEntries(operations.map((op) => [op, soapAction(call(op))]))).toEqual(
      Object.fromEntries(operations.map((op) => [op, `${CLICKATELL_NS}/${op}`])),
    );
  });
  it('sends sendmsg children unqualified and in the WSDL order: text before to', () => {
    expect(call('sendmsg')?.request).toMatch(
      /<session_id>[0-9a-f]{32}<\/session_id><text>[^<]*<\/text><to>\d+<\/to>/,
    );
  });
  it('dispatches on the body element whatever the SOAPAction (.NET proxies send another one)', () => {
    expect(line(client, call('pingForeignAction'))).toBe('OK: ');
  });
  it('answers an unknown command with a SOAP 1.1 fault the client reads', () => {
    expect(faultOf(call('unknownCommand'))).toEqual(serverFault(/^\S+:(Client|Server)\b/));
  });
});

describe.each([
  ['php', 'sbt.php'],
  ['zeep', 'sbt_zeep.py'],
] as const)('third-party client %s: SBT LoginAPIService', (client, script) => {
  const ctx = scriptRun<Record<string, Call>>(client, script, (emulator) => [
    `${emulator.urls.sbtSoap}?wsdl`,
    SEEDED.sbt.keys.never,
    'not-a-key',
  ]);
  const call = (name: string) => ctx.output[name];

  it('AuthenticateAPIKey with a seeded key answers Result true, ErrorCode 1400 and a token', () => {
    expect(answer(client, call('authenticate'))).toMatchObject({
      Result: true,
      ErrorCode: 1400,
      Message: expect.any(String),
      SecurityToken: expect.stringMatching(/\S/),
    });
  });
  it('AuthenticateAPIKey with an unknown key answers Result false, ErrorCode 1401', () => {
    expect(answer(client, call('authenticateUnknownKey'))).toMatchObject({ Result: false, ErrorCode: 1401 });
  });
  it("sends the WSDL's SOAPAction", () => {
    expect(soapAction(call('authenticate'))).toBe(
      'http://SBTService/ServiceContracts/ILoginAPI/AuthenticateAPIKey',
    );
  });
  it('answers a wrong SOAPAction with the WCF fault a:ActionNotSupported', () => {
    expect(faultOf(call('wrongSoapAction'))).toEqual(serverFault('a:ActionNotSupported'));
  });
});

describe.each([
  ['php', 'cms.php'],
  ['zeep', 'cms_zeep.py'],
] as const)('third-party client %s: Recite CMS auth', (client, script) => {
  const ctx = scriptRun<Record<string, Call>>(client, script, (emulator) => [
    `${emulator.urls.cmsAuth}?wsdl`,
    'alice',
    'wonderland',
  ]);
  const call = (name: string) => ctx.output[name];

  it('authenticate answers success and a token', () => {
    expect(answer(client, call('authenticate'))).toMatchObject({
      success: true,
      token: expect.stringMatching(/\S/),
    });
  });
  it('isValidToken answers true for that token', () => {
    expect(answer(client, call('isValidToken'))).toBe(true);
  });
  it("getIdentity answers alice's identity", () => {
    expect(answer(client, call('getIdentity'))).toMatchObject({ username: 'alice' });
  });
  it('destroyToken answers true, and isValidToken false afterwards', () => {
    expect(answer(client, call('destroyToken'))).toBe(true);
    expect(answer(client, call('isValidTokenAfterDestroy'))).toBe(false);
  });
});

describe('third-party client php (curl): Clickatell 2FA REST', () => {
  const ctx = scriptRun<{ status: number; body: string | null; error: string | null }>(
    'php',
    'mfa.php',
    (emulator) => [emulator.urls.clickatellMfa, SEEDED.clickatellMfa.token, phone],
  );

  it("the seed's curl sample (a PIN) gets 202 and an apiRequestId", () => {
    expect(ctx.output).toMatchObject({ status: 202, error: null });
    expect(JSON.parse(ctx.output.body ?? '')).toEqual({
      data: { apiRequestId: expect.stringMatching(/\S/) },
    });
  });
  it('the PIN reaches the phone', () => {
    expect(ctx.emulator.inbox(phone)).toHaveLength(1);
  });
});
