import { type Finished, failureOf, runProgram } from './processes.ts';

/** One try's limit: a healthy install here takes 4–60 s, a stalled download never ends on its own. */
const ATTEMPT_MS = 240_000;
const ATTEMPTS = 3;
/**
 * npm's own per-request limit and retries. Its defaults (5 minutes, 2 retries with back-off up to a minute)
 * made one failing request hold the suite for over 10 minutes on CI: there the cause was TLS (turbo had not
 * passed `NODE_EXTRA_CA_CERTS` on, see consumers/turbo.json, and npm under the repo's Node reads no global
 * npmrc with a `cafile`), and npm fell back to its cache after each packument's retries.
 */
const NPM_FETCH = ['--fetch-timeout=60000', '--fetch-retries=3', '--fetch-retry-maxtimeout=10000'];

/**
 * `npm install …args` in `dir`, tried again from scratch (up to three times) when it stalls or fails, so
 * that a registry hiccup does not fail the suite. Returns the last try; throws nothing itself.
 */
export async function npmInstall(
  dir: string,
  args: string[],
  label: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Finished> {
  let finished: Finished | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    finished = await runProgram(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...NPM_FETCH, ...args],
      { cwd: dir, timeoutMs: ATTEMPT_MS, env },
    );
    const failure = failureOf(finished);
    if (!failure) return finished;
    if (attempt < ATTEMPTS) {
      process.stderr.write(
        `consumers: npm install ${label}: ${failure}; trying again (${attempt + 1} of ${ATTEMPTS})\n`,
      );
    }
  }
  return finished as Finished;
}
