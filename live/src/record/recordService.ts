import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplayFixture } from '@x/core/testing';
import type { Emulator } from '@x/emulator';
import type { OptIns } from '../liveEnv.ts';
import { type CheckRun, runCheck } from '../runCheck.ts';
import type { ServiceCheck } from '../serviceCheck.ts';
import { compareFixtures } from './compareFixtures.ts';
import { toFixture } from './toFixture.ts';

/** What `--record` made of one service's run. */
export interface Recording {
  /** Where the fixture was written. */
  file: string;
  fixture: ReplayFixture;
  /** Every secret value the fixture had to replace (none of them is in it). */
  replaced: string[];
  /** What the emulator answered differently to the same calls, one line each. */
  differences: string[];
}

/**
 * Write `run` (a live run of `check`) as `<dir>/<service>.json` with placeholders for its secrets, then
 * run the same steps against `emulator`'s seeded account and compare the two recordings.
 */
export async function recordService<S>(
  check: ServiceCheck<S>,
  live: { settings: S; optIns: OptIns; run: CheckRun },
  emulator: Emulator,
  dir: string,
): Promise<Recording> {
  const fixtureOf = (source: string, settings: S, optIns: OptIns, run: CheckRun) =>
    toFixture(check.service, source, check.clients(settings), run, check.secrets(settings, optIns));
  const recorded = fixtureOf(
    `live, ${new Date().toISOString().slice(0, 10)}`,
    live.settings,
    live.optIns,
    live.run,
  );
  const twin = check.onEmulator(emulator, live.settings, live.optIns);
  const emulated = fixtureOf(
    'emulator',
    twin.settings,
    twin.optIns,
    await runCheck(check, twin.settings, twin.optIns, () => undefined),
  );
  const file = join(dir, `${check.service}.json`);
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${JSON.stringify(recorded.fixture, null, 2)}\n`);
  return { file, ...recorded, differences: compareFixtures(recorded.fixture, emulated.fixture) };
}
