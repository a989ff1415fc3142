import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs a program to its end and keeps its output. A program that outlives `timeoutMs` is killed and
 * reported as timed out: an example that never settles must fail its cell, not stall the suite.
 */
export function runProgram(command: string, args: string[], options: RunOptions): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Math.round(performance.now() - started) });
    };
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

/** Why a finished program counts as failed, or undefined when it exited 0 in time. */
export function failureOf(finished: Finished): string | undefined {
  if (finished.timedOut) return `killed after ${finished.ms} ms (still running)`;
  if (finished.code === 0) return undefined;
  return finished.signal ? `killed by ${finished.signal}` : `exit code ${finished.code}`;
}

/** Runs `tasks` with at most `concurrency` of them at a time, in order of start. */
export async function inParallel<T>(concurrency: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}
