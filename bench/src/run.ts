// `pnpm bench`: every figure side by side from one run, as a table for people and JSON for tools.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { coldStart } from './coldStart.ts';
import { emulatorProcess } from './emulatorProcess.ts';
import { errorCost } from './errorCost.ts';
import { expireOnNew } from './expireOnNew.ts';
import { footprint, PROVIDERS } from './footprint.ts';
import { hotPath } from './hotPath.ts';
import { manyProcesses } from './manyProcesses.ts';
import { overhead } from './overhead.ts';
import { keepAliveAtScale, memoryAfterCredentials } from './scale.ts';
import { sharedSessions } from './sharedSessions.ts';
import { stampede } from './stampede.ts';

const quick = process.argv.includes('--quick');
/** `--only=cold-start`: that figure alone (its JSON goes to `results/bench-cold-start.json`). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const log = (line: string) => process.stderr.write(`${line}\n`);
const results: Record<string, unknown> = {
  node: process.version,
  cpus: cpus().length,
  at: new Date().toISOString(),
  quick,
};
const rows: [string, string, string, string][] = [];
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** Figure 8: each provider's cold import and first authenticated call, beside the raw library's. */
async function coldStartFigure(emulator: Awaited<ReturnType<typeof emulatorProcess>>) {
  log('cold start: import and first call in fresh processes…');
  // BENCH_WORKSPACE measures another checkout's packages (a "before" figure) against this emulator
  const cwd = process.env.BENCH_WORKSPACE
    ? `${process.env.BENCH_WORKSPACE}/bench`
    : new URL('..', import.meta.url).pathname;
  const c = coldStart(emulator, quick ? 3 : 9, cwd);
  results.coldStart = { ...c, workspace: cwd };
  for (const t of c.targets) {
    const raw = t.name.includes('(raw)');
    rows.push([
      `cold start ${t.name}`,
      `import +${t.importOverBareMs} ms over bare node (${c.bareNodeMs} ms) · first call ${t.firstCallMs} ms from the import`,
      `median of ${c.runs}`,
      raw ? 'baseline' : `import ≤ +30 ms: ${met(t.importOverBareMs <= 30)}`,
    ]);
  }
}

if (only === 'cold-start') {
  const emulator = await emulatorProcess();
  try {
    await coldStartFigure(emulator);
  } finally {
    await emulator.stop();
  }
  report('bench-cold-start.json');
  process.exit(0);
}

// first: no secret of the other figures is registered yet
log('error cost with 4,096 secrets, and with huge ones…');
const errors = errorCost(quick ? 3 : 7, quick ? 5_000 : 20_000);
results.errorCost = errors;
rows.push([
  'build a ProviderError',
  `4,096 secrets ${errors.with4096Ns} ns · none ${errors.noneNs} ns`,
  `ratio ${errors.ratio.toFixed(2)} (range ${errors.ratioRange.min.toFixed(2)}–${errors.ratioRange.max.toFixed(2)})`,
  `≤ 1.5: ${met(errors.ratio <= 1.5)}`,
]);
rows.push([
  'build a ProviderError, huge secrets',
  `${errors.hugeLengths.map((n) => n.toLocaleString('en')).join(' + ')} chars ${errors.withHugeNs} ns · none ${errors.noneNs} ns`,
  `ratio ${errors.hugeRatio.toFixed(2)} (range ${errors.hugeRatioRange.min.toFixed(2)}–${errors.hugeRatioRange.max.toFixed(2)})`,
  `≤ 1.5: ${met(errors.hugeRatio <= 1.5)}`,
]);

log('1/5 hot path…');
const hot = await hotPath(quick ? 200_000 : 1_000_000, quick ? 3 : 7);
results.hotPath = hot;
rows.push([
  'cached token get()',
  `ours ${hot.oursNs.toFixed(1)} ns/op · memoize ${hot.memoizeNs.toFixed(1)} · closure ${hot.closureNs.toFixed(1)}`,
  `ours/memoize ${hot.oursVsMemoize.toFixed(2)}`,
  `≤ memoize and < 100 ns: ${met(hot.oursVsMemoize <= 1.05 && hot.oursNs < 100)}`,
]);

const emulator = await emulatorProcess();
try {
  // before the stampede, whose 10,000 idle keep-alive sockets would linger in both processes
  log('2/5 overhead…');
  const o = await overhead(emulator);
  results.overhead = o;
  rows.push([
    'overhead REST (SBT SendMessage)',
    `ours ${o.rest.oursPerSec.toFixed(0)}/s, ${o.rest.oursCpuUsPerCall.toFixed(0)} µs CPU/call · ky + hard-coded token ${o.rest.handPerSec.toFixed(0)}/s, ${o.rest.handCpuUsPerCall.toFixed(0)} µs CPU/call`,
    `ratio ${o.rest.ratio.toFixed(3)} (range ${o.rest.ratioRange.min.toFixed(3)}–${o.rest.ratioRange.max.toFixed(3)})`,
    `≥ 0.95: ${met(o.rest.ratio >= 0.95)}`,
  ]);
  rows.push([
    'overhead REST control: the baseline against itself',
    `${o.control.oursPerSec.toFixed(0)}/s against ${o.control.handPerSec.toFixed(0)}/s, the same code in both places`,
    `ratio ${o.control.ratio.toFixed(3)} (range ${o.control.ratioRange.min.toFixed(3)}–${o.control.ratioRange.max.toFixed(3)})`,
    "1 but for this run's noise",
  ]);
  rows.push([
    'overhead SOAP (Clickatell getbalance)',
    `ours ${o.soap.oursPerSec.toFixed(0)}/s, ${o.soap.oursCpuUsPerCall.toFixed(0)} µs CPU/call · soap + hard-coded session ${o.soap.handPerSec.toFixed(0)}/s, ${o.soap.handCpuUsPerCall.toFixed(0)} µs CPU/call`,
    `ratio ${o.soap.ratio.toFixed(3)} (range ${o.soap.ratioRange.min.toFixed(3)}–${o.soap.ratioRange.max.toFixed(3)})`,
    `≥ 0.90: ${met(o.soap.ratio >= 0.9)}`,
  ]);

  log('3/5 stampede…');
  const s = await stampede(emulator, quick ? 1_000 : 10_000);
  results.stampede = s;
  rows.push([
    `stampede: ${s.callers} callers, expired token`,
    `REST ours ${s.oursRest} vs ky by hand ${s.naiveRest} · SOAP ours ${s.oursSoap} vs soap by hand ${s.naiveSoap}`,
    `auth calls ${s.oursRest}:${s.naiveRest}, ${s.oursSoap}:${s.naiveSoap}`,
    `exactly 1: ${met(s.oursRest === 1 && s.oursSoap === 1)}`,
  ]);

  log('4/5 footprint (packs and installs each provider)…');
  const sizes = (quick ? ['clickatell-mfa'] : PROVIDERS).map(footprint);
  results.footprint = sizes;
  for (const f of sizes) {
    const mfa = f.provider === '@x/clickatell-mfa';
    rows.push([
      `footprint ${f.provider}`,
      `${(f.installedBytes / 1024).toFixed(0)} KiB installed, ${f.packages} packages, soap ${f.hasSoap ? 'yes' : 'no'}`,
      `cold import +${f.coldImportMs} ms`,
      mfa ? `≤ 1 MB, no soap: ${met(f.installedBytes <= 1_000_000 && !f.hasSoap)}` : '',
    ]);
  }

  log('5/5 many processes (Redis)…');
  const m = await manyProcesses(emulator, 8, quick ? 50 : 200);
  results.manyProcesses = m;
  rows.push([
    `${m.processes} processes × ${m.callsEach} calls, Redis store`,
    `${m.authCalls} auth calls over ${m.lifetimes} token lifetimes, ${m.failed} failed calls`,
    `${m.authPerLifetime} per lifetime`,
    `1: ${met(m.authPerLifetime === 1 && m.failed === 0)}`,
  ]);

  log('two processes sharing one Clickatell session for an hour…');
  const shared = await sharedSessions(emulator);
  results.sharedSessions = shared;
  rows.push([
    `2 processes, 1 Clickatell credential, ${shared.minutes} min, gaps < 15 min`,
    `auth calls: with sliding expiry in Redis ${shared.authWithWriteBack} · without ${shared.authWithout}`,
    `${shared.authWithWriteBack}:${shared.authWithout}`,
    `1: ${met(shared.authWithWriteBack === 1)}`,
  ]);

  log('Expire On New: 8 processes, each refreshing in turn…');
  const e = await expireOnNew(emulator, 8, quick ? 4 : 10);
  results.expireOnNew = e;
  rows.push([
    `Expire On New: ${e.processes} processes, ${e.rounds} refreshes in turn`,
    `rejected per refresh: with news ${e.withNews.rejectedPerRefresh} · without ${e.without.rejectedPerRefresh}; failed ${e.withNews.failed} · ${e.without.failed}`,
    `Redis commands per refresh, ${e.waiters} waiters: ${e.commandsWithNews} · polling ${e.commandsPolling}`,
    `≤ 1 rejected, 0 failed: ${met(e.withNews.rejectedPerRefresh <= 1 && e.withNews.failed === 0)}`,
  ]);

  await coldStartFigure(emulator);
} finally {
  await emulator.stop();
}

const SESSIONS = quick ? 1_000 : 10_000;
log(`keep-alive: ${SESSIONS} sessions (own process)…`);
const k = await keepAliveAtScale(SESSIONS, quick ? 4_000 : 10_000);
results.keepAlive = k;
rows.push([
  `keep-alive: ${k.sessions} sessions, ${k.inUse} in use, ${k.heldMs / 1000} s`,
  `ours: delay ${k.ours.maxEventLoopDelayMs} ms, ${k.ours.pings} pings (${k.ours.pingsToSessionsInUse} to sessions in use, at most ${k.ours.mostPingsToOneIdleSession} to one idle session), ${k.ours.mostSocketsOpen} sockets, ${k.ours.cpuSeconds} s CPU · by hand: delay ${k.byHand.maxEventLoopDelayMs} ms, ${k.byHand.pings} pings (${k.byHand.pingsToSessionsInUse} to sessions in use), ${k.byHand.mostSocketsOpen} sockets, ${k.byHand.cpuSeconds} s CPU`,
  `pings ${k.ours.pings}:${k.byHand.pings}`,
  `delay < 50 ms, pings ≤ ${2 * k.idle} (≤ 2 per idle session, 0 in use), sockets ≤ 16 + in use: ${met(
    k.ours.maxEventLoopDelayMs < 50 &&
      k.ours.pings <= 2 * k.idle &&
      k.ours.mostPingsToOneIdleSession <= 2 &&
      k.ours.pingsToSessionsInUse === 0 &&
      k.ours.mostSocketsOpen <= 16 + k.inUse,
  )}`,
]);

const CREDENTIALS = quick ? 20_000 : 100_000;
log(`memory after ${CREDENTIALS} credentials…`);
const mem = await memoryAfterCredentials(CREDENTIALS);
results.memory = mem;
rows.push([
  `memory: ${mem.credentials} credentials, dropped and expired`,
  `heap ${mem.startMiB} MiB → peak ${mem.peakMiB} → ${mem.endMiB} MiB`,
  `+${mem.deltaMiB} MiB`,
  `within 5 MiB: ${met(mem.deltaMiB <= 5)}`,
]);

report('bench.json');

/** Write the numbers to `results/<name>` and print the table. */
function report(name: string) {
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  const file = new URL(`../results/${name}`, import.meta.url).pathname;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 6));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' │ ');
  console.log(line(['figure', 'measured (same run)', 'ratio', 'target']));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const row of rows) console.log(line(row));
  console.log(`\nJSON: ${file}`);
}
