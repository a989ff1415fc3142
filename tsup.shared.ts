import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM and `.d.ts` for Node 22. tsup leaves `dependencies` and
 * `peerDependencies` external on its own, so packages name only what differs (entries).
 */
export function packageBuild(options: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'node22',
    ...options,
  });
}
