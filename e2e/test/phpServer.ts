import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const accepting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket.destroy() && true));
    socket.on('error', () => resolve(false));
  });

/**
 * A PHP script from ./php served by PHP's built-in web server on a free loopback port, with `files`
 * written to a temporary folder (their paths reach the script as environment variables of the same name)
 * and a JSON state file (`STATE_FILE`) that the script and the test share. PHP (php-cli, php-soap) is
 * installed by scripts/ensure-test-deps.sh.
 */
export async function phpServer<State>(
  script: string,
  files: Record<string, string>,
  env: Record<string, string>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'php-server-'));
  const paths = Object.fromEntries(
    Object.entries(files).map(([name, text]) => {
      const path = join(dir, name.toLowerCase());
      writeFileSync(path, text);
      return [name, path];
    }),
  );
  const stateFile = join(dir, 'state.json');
  const port = await freePort();
  const php: ChildProcess = spawn(
    'php',
    ['-S', `127.0.0.1:${port}`, fileURLToPath(new URL(`./php/${script}`, import.meta.url))],
    { stdio: 'ignore', env: { ...process.env, ...env, ...paths, STATE_FILE: stateFile } },
  );
  const failed = new Promise<never>((_, reject) => php.once('error', reject));
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    up = await Promise.race([accepting(port), failed]);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!up) throw new Error(`php -S did not listen on 127.0.0.1:${port} within 5 s`);
  return {
    url: `http://127.0.0.1:${port}`,
    /** What the script has recorded. */
    state: (): State => JSON.parse(readFileSync(stateFile, 'utf8')),
    /** Replace the script's state. */
    setState: (state: State) => writeFileSync(stateFile, JSON.stringify(state)),
    stop: () => {
      php.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
