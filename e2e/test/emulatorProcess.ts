import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `x-emulator` CLI as installed, in a process of its own: nothing of it keeps a child under test alive. */
export async function emulatorProcess() {
  const manifestPath = createRequire(import.meta.url).resolve('@x/emulator/package.json');
  const bin = JSON.parse(readFileSync(manifestPath, 'utf8')).bin['x-emulator'] as string;
  const child = spawn(process.execPath, [join(dirname(manifestPath), bin), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`x-emulator exited (${code}): ${out}`)));
  });
  return {
    /** `http://127.0.0.1:<port>`: each service's URL is below it (see the emulator's README). */
    url,
    /** A POST to the control API, e.g. `control('/clickatell-mfa/challenges/<id>/solve')`. */
    control: async (path: string) => (await fetch(`${url}/__emulator${path}`, { method: 'POST' })).json(),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
