// `pnpm mutation [--package <name>]…`: StrykerJS (vitest runner) over each published package's own tests,
// one package at a time, incremental (only mutants whose code or tests changed run again), then one table
// of scores per file and a JSON report per package in <package>/reports/mutation/. Not part of `pnpm test`:
// it takes minutes. A survivor is a change to the source that every test still passes: behaviour no test
// checks, or an equivalent mutant (no behaviour can tell it apart; those are named in a comment at the
// code they mutate, starting `equivalent mutant:`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const PACKAGES = ['core', 'clickatell-soap', 'clickatell-mfa', 'sbt', 'cms-auth', 'token-store-redis'];

const { values } = parseArgs({
  options: {
    package: { type: 'string', multiple: true },
    // only these files (globs under the package, e.g. src/secret.ts), for a quick look at one file
    mutate: { type: 'string', multiple: true },
    full: { type: 'boolean', default: false },
    // test processes at a time (the machine has 2 cores; 1 leaves room for other work)
    concurrency: { type: 'string', default: '2' },
  },
});
const chosen = values.package ?? PACKAGES;
for (const name of chosen) {
  if (!PACKAGES.includes(name)) throw new Error(`unknown package ${name}: one of ${PACKAGES.join(', ')}`);
}

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored';
interface Report {
  files: Record<string, { mutants: { status: Status }[] }>;
}

const rows: string[][] = [];
let failed = false;
for (const name of chosen) {
  const dir = join(root, 'packages', name);
  const out = join(dir, 'reports', 'mutation');
  mkdirSync(out, { recursive: true });
  const config = {
    testRunner: 'vitest',
    vitest: { configFile: 'vitest.config.ts' },
    plugins: ['@stryker-mutator/vitest-runner'],
    // the test kit and the entry files are re-exports and test helpers, measured through their users
    mutate: values.mutate ?? ['src/**/*.ts', '!src/testing/**', '!src/**/index.ts'],
    ignorePatterns: ['dist', 'reports', 'coverage', '.turbo'],
    reporters: ['progress', 'json'],
    jsonReporter: { fileName: join(out, 'mutation.json') },
    incremental: !values.full,
    incrementalFile: join(out, 'incremental.json'),
    concurrency: Number(values.concurrency),
    timeoutMS: 10_000,
    // in place: a sandbox copy would sit deeper than the package and lose `extends` paths to tsconfig.base.json
    // (Stryker puts every file back when it ends, also on Ctrl-C)
    inPlace: true,
  };
  const configFile = join(out, 'stryker.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  console.log(`\n# ${name}: stryker run (incremental: ${!values.full})`);
  const run = spawnSync(join(root, 'node_modules/.bin/stryker'), ['run', configFile], {
    cwd: dir,
    stdio: 'inherit',
  });
  const reportFile = join(out, 'mutation.json');
  if (run.status !== 0 || !existsSync(reportFile)) {
    failed = true;
    rows.push([`@x/${name}`, 'failed', '', '', '']);
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const total = { killed: 0, valid: 0, survived: 0, noCoverage: 0 };
  for (const [file, { mutants }] of Object.entries(report.files).sort()) {
    const counts = tally(mutants.map((m) => m.status));
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
    rows.push([`  ${file}`, ...cells(counts)]);
  }
  rows.push([`@x/${name}`, ...cells(total)]);
}

function tally(statuses: Status[]) {
  const count = (...of: Status[]) => statuses.filter((s) => of.includes(s)).length;
  const killed = count('Killed', 'Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  return { killed, survived, noCoverage, valid: killed + survived + noCoverage };
}

function cells(c: ReturnType<typeof tally>): string[] {
  const score = c.valid === 0 ? 'n/a' : `${((100 * c.killed) / c.valid).toFixed(1)} %`;
  return [score, String(c.valid), String(c.survived), String(c.noCoverage)];
}

const header = ['file', 'score', 'mutants', 'survived', 'no coverage'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) =>
  r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(line(r));
process.exit(failed ? 1 : 0);
