// A real process on core's src, not its build: the repo's Node 24 strips the types as it loads each file,
// so any change to src (a mutant's too) reaches the child.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const node = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const tsImports = fileURLToPath(new URL('./tsImports.mjs', import.meta.url));
/** Core's entry in src, for the script's `import … from`. */
export const srcIndex = JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)));

/**
 * Run an ES module `script` in a new Node process, to its exit or to `timeoutMs` (then killed), with this
 * process's environment and `env` on top.
 */
export function runScript(
  script: string,
  timeoutMs: number,
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(node, ['--import', tsImports, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ...env },
  });
}
