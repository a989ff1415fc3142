// @x/core in a project that lacks its optional peers (a copy of the built package beside ky, and nothing
// else: no soap, undici or vitest), so resolution is Node's own. An option whose library is missing is a
// ValidationError when the transport is made, not a retryable network failure on the first call; the
// test kit works under any runner.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const core = fileURLToPath(new URL('..', import.meta.url));
const kyDir = realpathSync(join(core, 'node_modules', 'ky'));
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'x-core-missing-'));
  const installed = join(project, 'node_modules', '@x', 'core');
  mkdirSync(installed, { recursive: true });
  cpSync(join(core, 'package.json'), join(installed, 'package.json'));
  cpSync(join(core, 'dist'), join(installed, 'dist'), { recursive: true });
  symlinkSync(kyDir, join(project, 'node_modules', 'ky'));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** What constructing (and, if it constructs, calling) the transport gives in the project. */
function attempt(subpath: 'http' | 'soap', make: string) {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as transports from '@x/core/${subpath}';
       let made;
       try {
         made = ${make};
       } catch (error) {
         console.log(JSON.stringify({ at: 'construction', name: error.name, field: error.field, retryable: error.retryable, message: error.message }));
         process.exit(0);
       }
       console.log(JSON.stringify({ at: 'none', made: made.constructor.name }));`,
    ],
    { cwd: project, encoding: 'utf8', timeout: 20_000 },
  );
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout);
}

it('proxyFromEnv without undici installed is a ValidationError when the transport is made', () => {
  expect(
    attempt(
      'http',
      `new transports.HttpTransport({ provider: 't', baseUrl: 'http://127.0.0.1:9', proxyFromEnv: true })`,
    ),
  ).toEqual({
    at: 'construction',
    name: 'ValidationError',
    field: 'proxyFromEnv',
    retryable: false,
    message: 't: proxyFromEnv needs the undici package: npm i undici',
  });
  // without the option, undici is never needed
  expect(
    attempt('http', `new transports.HttpTransport({ provider: 't', baseUrl: 'http://127.0.0.1:9' })`),
  ).toEqual({
    at: 'none',
    made: 'HttpTransport',
  });
});

it('a SOAP transport without soap installed is a ValidationError when it is made', () => {
  expect(
    attempt(
      'soap',
      `new transports.SoapTransport({ provider: 't', wsdl: '<definitions/>', endpoint: 'http://127.0.0.1:9' })`,
    ),
  ).toMatchObject({ at: 'construction', name: 'ValidationError', field: 'transport', retryable: false });
});

it('an HTTP transport without ky installed is a ValidationError when it is made', () => {
  unlinkSync(join(project, 'node_modules', 'ky'));
  try {
    expect(
      attempt('http', `new transports.HttpTransport({ provider: 't', baseUrl: 'http://127.0.0.1:9' })`),
    ).toMatchObject({ at: 'construction', name: 'ValidationError', field: 'transport', retryable: false });
  } finally {
    symlinkSync(kyDir, join(project, 'node_modules', 'ky'));
  }
});

it('@x/core/testing runs under node:test, with no vitest installed', () => {
  writeFileSync(
    join(project, 'clock.test.mjs'),
    `import assert from 'node:assert/strict';
     import { test } from 'node:test';
     import { ManualClock } from '@x/core/testing';
     test('a timer fires when the clock passes it', async () => {
       const clock = new ManualClock();
       let fired = 0;
       clock.setTimeout(() => fired++, 60_000);
       await clock.advance(59_999);
       assert.equal(fired, 0);
       await clock.advance(1);
       assert.equal(fired, 1);
     });`,
  );
  const child = spawnSync(process.execPath, ['--test', '--test-reporter=tap', 'clock.test.mjs'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(child.stdout).toMatch(/^# pass 1$/m);
  expect(child.status).toBe(0);
});
