import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/emulator/dist/cli.js', import.meta.url));

/** The emulator in its own process (so that its work does not count against the client being measured). */
export async function emulatorProcess() {
  const child: ChildProcess = spawn(process.execPath, [CLI, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`emulator exited: ${out}`)));
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/__emulator${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res.json();
  };
  return {
    url,
    advance: (ms: number) => control('POST', '/clock/advance', { ms }),
    expire: (service: string) => control('POST', `/expire/${service}`),
    auth: async (service: string): Promise<number> => (await control('GET', '/counters'))[service].auth,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type EmulatorProcess = Awaited<ReturnType<typeof emulatorProcess>>;
