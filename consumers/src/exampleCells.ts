import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonJsModule, esModule, FINISHED } from './exampleModules.ts';
import { failureOf, runProgram } from './processes.ts';
import { README_EMULATOR, type ReadmeExample } from './readmeExamples.ts';

/** A runtime an example runs on, and how it is started. */
export interface Runtime {
  /** the matrix column, e.g. `node 22.12.0 cjs` */
  column: string;
  kind: 'esm' | 'cjs';
  /** the program and its arguments before the file */
  command: string;
  args: string[];
  /** only for examples whose README claims it (Bun, Deno) */
  claimedBy?: 'bun' | 'deno';
}

/**
 * Runs one README example on one runtime, in its project, against the emulator at `emulatorUrl`.
 * It passes when the process exits 0 by itself after the example's last statement, having printed every
 * `// → …` line in order. Returns the failure, or undefined.
 */
export async function runExample(
  projectDir: string,
  example: ReadmeExample,
  runtime: Runtime,
  emulatorUrl: string,
): Promise<string | undefined> {
  const dir = join(projectDir, 'examples');
  mkdirSync(dir, { recursive: true });
  const name = `${example.id.replace(/\//g, '--')}.${runtime.column.replace(/[^a-z0-9.]+/gi, '-')}`;
  const file = join(dir, `${name}.${runtime.kind === 'esm' ? 'mjs' : 'cjs'}`);
  const source = runtime.kind === 'esm' ? esModule(example.code) : commonJsModule(example.code);
  writeFileSync(file, source.replaceAll(README_EMULATOR, emulatorUrl));
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const result = await runProgram(runtime.command, [...runtime.args, file], {
    cwd: projectDir,
    env: { ...env, NO_COLOR: '1' },
    timeoutMs: 90_000,
  });
  const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-15).join('\n');
  const failure = failureOf(result);
  if (failure) return `${failure}\n${output}`;
  const lines = result.stdout.split('\n');
  if (!lines.includes(FINISHED)) {
    return `exited 0 before the example finished (nothing held the process while it waited)\n${output}`;
  }
  let at = 0;
  for (const expected of example.expected) {
    const found = lines.findIndex((line, i) => i >= at && line.includes(expected));
    if (found < 0) return `never printed "${expected}"\n${output}`;
    at = found + 1;
  }
  return undefined;
}
