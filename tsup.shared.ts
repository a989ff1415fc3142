import { defineConfig, type Options } from 'tsup';

/**
 * Every declaration file names Node's types: they use `node:http` and `Symbol.asyncDispose`, and under
 * TypeScript's defaults (`types: []`) nothing else would load `@types/node` (an optional peer of each
 * package). TypeScript no longer keeps such a line from the source, so it is added to the output.
 */
const NODE_TYPES = '/// <reference types="node" />';

/**
 * The build every published package shares: ESM and `.d.ts` for Node 22. tsup leaves `dependencies` and
 * `peerDependencies` external on its own, so packages name only what differs (entries).
 */
export function packageBuild(options: Options = {}) {
  const dts = typeof options.dts === 'object' ? options.dts : {};
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    clean: true,
    target: 'node22',
    ...options,
    dts: { banner: NODE_TYPES, ...dts },
  });
}
