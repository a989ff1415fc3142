import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM and `.d.ts` for Node 22. tsup leaves `dependencies` and
 * `peerDependencies` external on its own, so packages name only what differs (entries). Each package's
 * `build` then runs `scripts/declarationReferences.ts`, which gives each declaration file the references
 * it needs (Node's types only where it uses them).
 */
export function packageBuild(options: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    clean: true,
    target: 'node22',
    dts: true,
    ...options,
  });
}
