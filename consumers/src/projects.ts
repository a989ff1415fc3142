import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { npmInstall } from './npmInstall.ts';
import { failureOf } from './processes.ts';
import type { Tarball } from './tarballs.ts';

/** A fresh npm project outside the workspace, as a user would make one. */
export interface ConsumerProject {
  dir: string;
  /** the `@x/*` packages the project asked for */
  packages: string[];
}

/** `@types/node` for type-checking Node examples (the version the workspace develops with). */
const TYPES_NODE = '@types/node@24.19.2';

/** Every `@x/*` package that `name` needs, itself included, read from the packed manifests. */
export function ourClosure(name: string, tarballs: Map<string, Tarball>): Set<string> {
  const found = new Set<string>();
  const visit = (next: string) => {
    if (found.has(next)) return;
    found.add(next);
    const manifest = tarballs.get(next)?.manifest;
    for (const dependency of Object.keys(manifest?.dependencies ?? {})) {
      if (dependency.startsWith('@x/')) visit(dependency);
    }
  };
  visit(name);
  return found;
}

/** `name` or `name@range` as a package.json entry: ours from its tarball, the rest from the registry. */
function entry(spec: string, tarballs: Map<string, Tarball>): [string, string] {
  const at = spec.lastIndexOf('@');
  const [name, range] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, 'latest'];
  const tarball = tarballs.get(name);
  if (name.startsWith('@x/') && !tarball) throw new Error(`no tarball for ${name}`);
  return [name, tarball ? `file:${tarball.path}` : range];
}

/**
 * Writes the project and runs `npm install` in it with `node` (the npm on PATH, under that Node). Every
 * `@x/*` name resolves to its tarball (direct entries, and `overrides` for what they pull in), so nothing
 * of ours ever comes from the registry, whoever owns the scope there.
 */
export async function installProject(
  dir: string,
  specs: { dependencies: string[]; devDependencies: string[] },
  tarballs: Map<string, Tarball>,
  allowed: Iterable<string>,
  node: string,
): Promise<ConsumerProject> {
  mkdirSync(dir, { recursive: true });
  const overrides = Object.fromEntries(
    [...allowed].map((name) => [name, `file:${(tarballs.get(name) as Tarball).path}`]),
  );
  const manifest = {
    name: `consumer-${dir.split('/').at(-1)}`,
    private: true,
    dependencies: Object.fromEntries(specs.dependencies.map((spec) => entry(spec, tarballs))),
    devDependencies: Object.fromEntries(specs.devDependencies.map((spec) => entry(spec, tarballs))),
    overrides,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = await npmInstall(dir, ['--prefer-offline'], `in ${dir}`, {
    ...process.env,
    PATH: `${dirname(node)}:${process.env.PATH}`,
  });
  const failure = failureOf(install);
  if (failure) throw new Error(`npm install in ${dir}: ${failure}\n${install.stderr.slice(-2_000)}`);
  return {
    dir,
    packages: [...specs.dependencies, ...specs.devDependencies].filter((spec) => spec.startsWith('@x/')),
  };
}

/** The dev dependencies a README project gets besides the README's own: Node's types for `tsc`. */
export const README_PROJECT_TOOLS = [TYPES_NODE];

/** The name of every package installed under `dir`'s node_modules, nested ones included. */
export function installedNames(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(join(modules, entry.name), { withFileTypes: true })) {
          if (!scoped.isDirectory()) continue;
          names.add(`${entry.name}/${scoped.name}`);
          walk(join(modules, entry.name, scoped.name, 'node_modules'));
        }
      } else {
        names.add(entry.name);
        walk(join(modules, entry.name, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return names;
}
