import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureOf, runProgram } from './processes.ts';
import { REPO_ROOT, type WorkspacePackage } from './workspace.ts';

/** One packed package: the tarball npm installs, and its unpacked contents for inspection. */
export interface Tarball {
  name: string;
  path: string;
  /** the unpacked `package/` folder */
  root: string;
  manifest: PackedManifest;
}

/** The fields of a packed package.json that the suite reads. */
export interface PackedManifest {
  name: string;
  version: string;
  license?: string;
  engines?: { node?: string };
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: string | { url?: string };
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports?: Record<string, unknown>;
}

/**
 * The pnpm that runs this suite (`pnpm test` sets `npm_execpath`), else the README's `npx -y pnpm@12`.
 * (Under turbo, `npx -y pnpm@12 -r pack` never returned: npx is not needed when pnpm is already here.)
 */
function pnpmCommand(): string[] {
  const execPath = process.env.npm_execpath;
  if (!execPath || !/pnpm/.test(execPath)) return ['npx', '-y', 'pnpm@12'];
  return /\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
}

/**
 * Packs every published package the way `pnpm publish` would (`pnpm pack` rewrites `workspace:` ranges
 * and runs the `.pnpmfile.cjs` packing hook), then unpacks each tarball to read what users would get.
 */
export async function packAll(packages: WorkspacePackage[], workDir: string): Promise<Map<string, Tarball>> {
  const destination = join(workDir, 'tarballs');
  mkdirSync(destination, { recursive: true });
  const [command, ...pnpmArgs] = pnpmCommand();
  const pack = await runProgram(
    command as string,
    [...pnpmArgs, '-r', '--filter', './packages/*', 'pack', '--pack-destination', destination],
    { cwd: REPO_ROOT, timeoutMs: 300_000 },
  );
  const failure = failureOf(pack);
  if (failure) throw new Error(`pnpm pack: ${failure}\n${pack.stdout}\n${pack.stderr}`);
  const tarballs = new Map<string, Tarball>();
  for (const file of readdirSync(destination).filter((name) => name.endsWith('.tgz'))) {
    const path = join(destination, file);
    const unpacked = join(workDir, 'unpacked', file.replace(/\.tgz$/, ''));
    mkdirSync(unpacked, { recursive: true });
    const untar = await runProgram('tar', ['-xzf', path, '-C', unpacked], { cwd: workDir });
    if (failureOf(untar)) throw new Error(`tar -xzf ${path}: ${untar.stderr}`);
    const root = join(unpacked, 'package');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackedManifest;
    tarballs.set(manifest.name, { name: manifest.name, path, root, manifest });
  }
  for (const { name } of packages) {
    if (!tarballs.has(name)) throw new Error(`pnpm pack made no tarball for ${name}`);
  }
  return tarballs;
}
