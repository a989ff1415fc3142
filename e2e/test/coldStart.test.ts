// What a process loads for the SDK it uses: SBT over REST loads no file of node-soap or axios; the same
// script over SOAP does (so the check can see them). The emulator runs in a process of its own; the child
// lists the CommonJS module cache, where every file of node-soap and axios that ran is kept.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SEEDED } from '@x/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorProcess } from './emulatorProcess.js';

const entry = createRequire(import.meta.url).resolve('@x/sbt');
let emulator: Awaited<ReturnType<typeof emulatorProcess>>;
beforeAll(async () => {
  emulator = await emulatorProcess();
});
afterAll(() => emulator.stop());

/** The files of node-soap and axios (node-soap's HTTP client) that a log-in loads. */
function soapFilesLoaded(transport: 'rest' | 'soap'): string[] {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const { SbtClient } = await import(${JSON.stringify(entry)});
       const sbt = new SbtClient({ apiKey: ${JSON.stringify(SEEDED.sbt.keys.never)}, baseUrl: ${JSON.stringify(emulator.url)},
         transport: ${JSON.stringify(transport)}, tokenExpiry: 'never' });
       const token = await sbt.securityToken();
       // node-soap and axios are CommonJS: every file of theirs that ran is in the module cache
       const loaded = Object.keys(createRequire(import.meta.url).cache);
       console.log(JSON.stringify({ token: typeof token, loaded }));`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect(child.stderr).toBe('');
  const { token, loaded } = JSON.parse(child.stdout) as { token: string; loaded: string[] };
  expect(token).toBe('string');
  return loaded.filter((path) => /\/node_modules\/(soap|axios)\//.test(path));
}

it('@x/sbt over REST logs in without loading a file of soap or axios', () => {
  expect(soapFilesLoaded('rest')).toEqual([]);
});

it('over SOAP the same log-in loads node-soap (on its first call)', () => {
  const files = soapFilesLoaded('soap');
  expect(files.some((path) => path.includes('/node_modules/soap/'))).toBe(true);
  expect(files.some((path) => path.includes('/node_modules/axios/'))).toBe(true);
});
