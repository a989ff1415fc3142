import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A packed emulator running in its own process, so that nothing of it holds an example's process. */
interface RunningEmulator {
  url: string;
  child: ChildProcess;
}

/**
 * Emulators started with the packed package's own `x-emulator` bin, one per example running at a time:
 * an example borrows one, reset to its seeds (`POST /__emulator/reset`), and gives it back.
 */
export class EmulatorPool {
  readonly #idle: RunningEmulator[] = [];
  readonly #all: RunningEmulator[] = [];
  readonly #waiting: ((emulator: RunningEmulator) => void)[] = [];

  static async start(projectDir: string, node: string, size: number): Promise<EmulatorPool> {
    const pool = new EmulatorPool();
    const started = await Promise.all(Array.from({ length: size }, () => startOne(projectDir, node)));
    pool.#all.push(...started);
    pool.#idle.push(...started);
    return pool;
  }

  /** Runs `fn` with the base URL of an emulator nobody else uses meanwhile, fresh from its seeds. */
  async with<T>(fn: (url: string) => Promise<T>): Promise<T> {
    const emulator =
      this.#idle.pop() ?? (await new Promise<RunningEmulator>((resolve) => this.#waiting.push(resolve)));
    try {
      const reset = await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
      if (!reset.ok) throw new Error(`emulator reset answered ${reset.status}`);
      return await fn(emulator.url);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(emulator);
      else this.#idle.push(emulator);
    }
  }

  close(): void {
    for (const { child } of this.#all) child.kill('SIGTERM');
  }
}

function startOne(projectDir: string, node: string): Promise<RunningEmulator> {
  const child = spawn(node, [join(projectDir, 'node_modules', '.bin', 'x-emulator'), '--port', '0'], {
    cwd: projectDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error('x-emulator printed no URL within 30 s')), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data').resume();
        resolve({ url: url.replace(/\/$/, ''), child });
      }
    });
    child.on('exit', (code) => fail(new Error(`x-emulator exited with code ${code}`)));
  });
}
