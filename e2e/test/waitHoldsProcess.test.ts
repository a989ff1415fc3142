// `waitForResult` in a bare script, as the README shows it: nothing else holds the process open (the
// emulator runs in a process of its own), so only the awaited poll timer can keep the script alive until
// the phone user answers.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { SEEDED } from '@x/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorProcess } from './emulatorProcess.js';

const { token, phone } = SEEDED.clickatellMfa;
const entry = createRequire(import.meta.url).resolve('@x/clickatell-mfa');
let emulator: Awaited<ReturnType<typeof emulatorProcess>>;
beforeAll(async () => {
  emulator = await emulatorProcess();
});
afterAll(() => emulator.stop());

const body = (baseUrl: string) => `
  const mfa = new ClickatellMfaClient({ token: ${JSON.stringify(token)}, baseUrl: ${JSON.stringify(baseUrl)} });
  const { apiRequestId } = await mfa.requestGrid({ to: ${JSON.stringify(phone)} });
  console.log(JSON.stringify({ apiRequestId }));
  console.log(JSON.stringify(await mfa.waitForResult(apiRequestId, { intervalMs: 50 })));`;

const scripts = {
  module: (url: string) => `import { ClickatellMfaClient } from ${JSON.stringify(entry)};\n${body(url)}`,
  commonjs: (url: string) =>
    `const { ClickatellMfaClient } = require(${JSON.stringify(entry)});\n(async () => {${body(url)}\n})();`,
};

for (const kind of ['module', 'commonjs'] as const) {
  it(`a ${kind} script awaiting waitForResult stays alive until the challenge is solved`, async () => {
    const child = spawn(process.execPath, [`--input-type=${kind}`, '-e', scripts[kind](emulator.url)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let out = '';
    const challenge = new Promise<string>((resolve) =>
      child.stdout.on('data', (chunk) => {
        out += chunk;
        lines.splice(0, lines.length, ...out.split('\n').filter(Boolean));
        if (lines[0]) resolve(JSON.parse(lines[0]).apiRequestId);
      }),
    );
    const apiRequestId = await Promise.race([challenge, exited.then(() => 'exited before the challenge')]);
    // several polls go by (a poll every 50 ms) before the phone user answers
    await new Promise((resolve) => setTimeout(resolve, 500));
    await emulator.control(`/clickatell-mfa/challenges/${apiRequestId}/solve`);
    const code = await exited;
    expect({ code, stderr, lines: lines.length }).toEqual({ code: 0, stderr: '', lines: 2 });
    expect(JSON.parse(lines[1]!)).toMatchObject({
      challengeStatus: '020',
      challengeSolved: true,
      state: 'solved',
    });
  });
}
