import { type Emulator, startEmulator } from '@x/emulator';
import { clickatellMfaCheck } from './checks/clickatellMfa.ts';
import { clickatellSoapCheck } from './checks/clickatellSoap.ts';
import { cmsAuthCheck } from './checks/cmsAuth.ts';
import { sbtCheck } from './checks/sbt.ts';
import { type Env, type LiveEnv, readLiveEnv, type ServiceSettings } from './liveEnv.ts';
import { type Recording, recordService } from './record/recordService.ts';
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

/** One service's result. */
export interface ServiceResult {
  service: string;
  status: ServiceStatus;
  run?: CheckRun;
  /** With `recordTo`: the fixture written, and how the emulator's answers differ. */
  recording?: Recording;
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
        emulator ??= await startEmulator();
        const recording = await recordService(
          check,
          { settings, optIns: env.optIns, run },
          emulator,
          options.recordTo,
        );
        result.recording = recording;
        print(`  recorded: ${recording.file}`);
        const count = recording.differences.length;
        print(`  against the emulator's answers to the same calls: ${count || 'no'} difference(s)`);
        for (const line of recording.differences) print(`    ${line}`);
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
