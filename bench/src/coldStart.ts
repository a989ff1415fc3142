// 8. Cold start, as a serverless function pays it on every new instance: a fresh `node` process imports
// one provider (or the raw library it is built on) and makes its first authenticated call against the
// emulator, which runs in a process of its own. Import cost is the process's wall time over a bare
// `node -e 0`, as a user would time it; the first call is timed inside the child, from before the import
// to the answer.
import { execFileSync } from 'node:child_process';
import { SEEDED } from '@x/emulator';
import type { EmulatorProcess } from './emulatorProcess.ts';
import { median } from './median.ts';

/** One thing a cold process imports, and its first authenticated call (`m` is the imported module). */
interface ColdTarget {
  name: string;
  specifier: string;
  firstCall: (url: string) => string;
}

const { demo } = SEEDED.clickatellSoap;
const soapEndpoint = (url: string) => `${url}/soap/document_literal/webservice`;
const sbtRest = (url: string) => `${url}/SBT.App.SetUp/RSServices/LoginAPIService.svc/AuthenticateAPIKey`;
const json = JSON.stringify;

export const COLD_TARGETS: ColdTarget[] = [
  {
    name: '@x/clickatell-soap getBalance()',
    specifier: '@x/clickatell-soap',
    firstCall: (url) =>
      `await new m.ClickatellSoapClient({ ...${json(demo)}, endpoint: ${json(soapEndpoint(url))} }).getBalance();`,
  },
  {
    name: 'soap (raw): WSDL + auth',
    specifier: 'soap',
    firstCall: (url) =>
      `const c = await m.createClientAsync(${json(`${soapEndpoint(url)}?wsdl`)}, { endpoint: ${json(soapEndpoint(url))} });
       await c.authAsync({ api_id: ${json(demo.apiId)}, user: ${json(demo.user)}, password: ${json(demo.password)} });`,
  },
  {
    name: '@x/clickatell-mfa requestPin()',
    specifier: '@x/clickatell-mfa',
    firstCall: (url) =>
      `await new m.ClickatellMfaClient({ token: ${json(SEEDED.clickatellMfa.token)}, baseUrl: ${json(url)} }).requestPin({ to: ${json(SEEDED.clickatellMfa.phone)} });`,
  },
  {
    name: '@x/sbt securityToken() over REST',
    specifier: '@x/sbt',
    firstCall: (url) =>
      `await new m.SbtClient({ apiKey: ${json(SEEDED.sbt.keys.never)}, tokenExpiry: 'never', transport: 'rest', baseUrl: ${json(url)} }).securityToken();`,
  },
  {
    name: '@x/sbt securityToken() over SOAP',
    specifier: '@x/sbt',
    firstCall: (url) =>
      `await new m.SbtClient({ apiKey: ${json(SEEDED.sbt.keys.never)}, tokenExpiry: 'never', transport: 'soap', baseUrl: ${json(url)} }).securityToken();`,
  },
  {
    name: 'ky (raw): SBT REST log-in',
    specifier: 'ky',
    firstCall: (url) =>
      `await m.default.get(${json(sbtRest(url))}, { searchParams: { APIKey: ${json(SEEDED.sbt.keys.never)} } }).json();`,
  },
  {
    name: '@x/cms-auth authenticate()',
    specifier: '@x/cms-auth',
    firstCall: (url) =>
      `await new m.CmsAuthClient({ site: ${json(url)} }).authenticate({ username: ${json(SEEDED.cms.users[0]!.username)}, password: ${json(SEEDED.cms.users[0]!.password)} });`,
  },
];

/** Run `script` as a module in a fresh process from `cwd`; its wall time (ms) and what it printed. */
function coldRun(script: string, cwd: string): { wallMs: number; out: string } {
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
  });
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, out };
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The cold-start figure for every target, `runs` fresh processes each (targets interleaved, so a machine
 * that speeds up or slows down favours none). `cwd` is a directory whose `node_modules` resolves the
 * packages: this workspace's `bench/`, or another checkout's (a "before" figure).
 */
export function coldStart(emulator: EmulatorProcess, runs: number, cwd: string) {
  const bare: number[] = [];
  const importWall = COLD_TARGETS.map(() => [] as number[]);
  const firstCall = COLD_TARGETS.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    bare.push(coldRun('0', cwd).wallMs);
    COLD_TARGETS.forEach((target, i) => {
      importWall[i]!.push(coldRun(`await import(${json(target.specifier)});`, cwd).wallMs);
      const { out } = coldRun(
        `const started = performance.now();
         const m = await import(${json(target.specifier)});
         ${target.firstCall(emulator.url)}
         console.log(performance.now() - started);`,
        cwd,
      );
      firstCall[i]!.push(Number(out));
    });
  }
  const bareMs = median(bare);
  return {
    runs,
    bareNodeMs: round1(bareMs),
    targets: COLD_TARGETS.map((target, i) => ({
      name: target.name,
      importOverBareMs: round1(median(importWall[i]!) - bareMs),
      firstCallMs: round1(median(firstCall[i]!)),
    })),
  };
}
