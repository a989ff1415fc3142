import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** core's entry in source form, for a child process's `import` (tests exercise src, not the build). */
export const sourceEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Run `script` (an ES module that may import {@link sourceEntry}) in a child Node process. */
export function runSourceChild(script: string, timeoutMs = 20_000) {
  return spawnSync(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      fileURLToPath(new URL('./sourceHooks.mjs', import.meta.url)),
      '--input-type=module',
      '-e',
      script,
    ],
    { encoding: 'utf8', timeout: timeoutMs },
  );
}
