import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplayFixture } from '@x/core/testing';
import { type Emulator, startEmulator } from '@x/emulator';
import { clickatellMfaCheck } from './checks/clickatellMfa.ts';
import { clickatellSoapCheck } from './checks/clickatellSoap.ts';
import { cmsAuthCheck } from './checks/cmsAuth.ts';
import { sbtCheck } from './checks/sbt.ts';
import { type Env, type LiveEnv, readLiveEnv, type ServiceSettings } from './liveEnv.ts';
import { compareFixtures } from './record/compareFixtures.ts';
import { toFixture } from './record/toFixture.ts';
import { printService, type ServiceStatus } from './report.ts';
import { type CheckRun, runCheck } from './runCheck.ts';
import type { ServiceCheck } from './serviceCheck.ts';

/** Each service, its check, where its settings are read, and the variables that configure it. */
const SERVICES: [ServiceCheck<any>, (env: LiveEnv) => ServiceSettings<unknown>, string][] = [
  [
    clickatellSoapCheck,
    (env) => env.clickatellSoap,
    'CLICKATELL_API_ID, CLICKATELL_USER, CLICKATELL_PASSWORD',
  ],
  [clickatellMfaCheck, (env) => env.clickatellMfa, 'CLICKATELL_MFA_TOKEN'],
  [sbtCheck, (env) => env.sbt, 'SBT_API_KEY (+ SBT_TOKEN_EXPIRY)'],
  [cmsAuthCheck, (env) => env.cms, 'CMS_SITE (+ CMS_USERNAME, CMS_PASSWORD)'],
];

export interface LiveOptions {
  /** Where the credentials are read (default `process.env`). */
  env?: Env;
  /** Write each service's exchanges as a replay fixture in this directory, and compare them with the emulator's. */
  recordTo?: string;
  /** Where the report goes, line by line (default stdout). */
  print?: (line: string) => void;
}

/** One service's result; `fixture` when recorded. */
export interface ServiceResult {
  service: string;
  status: ServiceStatus;
  run?: CheckRun;
  fixture?: ReplayFixture;
  /** Every secret value the fixture had to replace (none of them is in it). */
  replaced?: string[];
  differences?: string[];
}

/**
 * Check every configured service against its real endpoint with the SDKs, and report each call. A service
 * without credentials is "not configured"; nothing costs money unless its opt-in is set. `ok` is false
 * when a step failed or a service's variables are wrong.
 */
export async function runLive(options: LiveOptions = {}): Promise<{ ok: boolean; results: ServiceResult[] }> {
  const print = options.print ?? ((line: string) => console.log(line));
  const env = readLiveEnv(options.env ?? process.env);
  const results: ServiceResult[] = [];
  let emulator: Emulator | undefined;
  print('x-auth live suite: the SDKs against the real services, with your credentials');
  print('(nothing is sent that costs money or replaces a token unless its LIVE_* opt-in is set)\n');
  try {
    for (const [check, select, variables] of SERVICES) {
      const configured = select(env);
      if (!configured) {
        results.push({ service: check.service, status: 'not configured' });
        printService(print, check.service, 'not configured', `set ${variables}`);
        continue;
      }
      if ('misconfigured' in configured) {
        results.push({ service: check.service, status: 'misconfigured' });
        printService(print, check.service, 'misconfigured', configured.misconfigured);
        continue;
      }
      const { settings } = configured;
      const run = await runCheck(check, settings, env.optIns, (line) => print(`  >> about to send: ${line}`));
      const failed = run.runs.some((r) => 'failure' in r && r.failure);
      const result: ServiceResult = { service: check.service, status: failed ? 'failed' : 'passed', run };
      printService(print, check.service, result.status, undefined, run);
      if (options.recordTo) {
        const recorded = toFixture(
          check.service,
          `live, ${new Date().toISOString().slice(0, 10)}`,
          check.clients(settings),
          run,
          check.secrets(settings, env.optIns),
        );
        emulator ??= await startEmulator();
        const twin = check.onEmulator(emulator, settings, env.optIns);
        const emulated = toFixture(
          check.service,
          'emulator',
          check.clients(twin.settings),
          await runCheck(check, twin.settings, twin.optIns, () => undefined),
          check.secrets(twin.settings, twin.optIns),
        );
        const file = join(options.recordTo, `${check.service}.json`);
        await mkdir(options.recordTo, { recursive: true });
        await writeFile(file, `${JSON.stringify(recorded.fixture, null, 2)}\n`);
        Object.assign(result, {
          ...recorded,
          differences: compareFixtures(recorded.fixture, emulated.fixture),
        });
        print(`  recorded: ${file}`);
        print(
          `  against the emulator's answers to the same calls: ${result.differences!.length || 'no'} difference(s)`,
        );
        for (const line of result.differences!) print(`    ${line}`);
      }
      results.push(result);
    }
  } finally {
    await emulator?.close();
  }
  const count = (status: ServiceStatus) => results.filter((r) => r.status === status).length;
  print(
    `\n${count('passed')} passed, ${count('failed') + count('misconfigured')} failed, ${count('not configured')} not configured`,
  );
  return { ok: count('failed') + count('misconfigured') === 0, results };
}
