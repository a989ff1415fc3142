import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmInstall } from './npmInstall.ts';
import { failureOf } from './processes.ts';
import { REPO_ROOT } from './workspace.ts';

/**
 * The Node lines besides the lowest that `engines` admits (read from the packed manifests): the newest
 * release of each supported line, from the registry's `node` package. Bump them here.
 */
export const NODE_LINES = ['22.23.3', '24.21.0', '26.10.0'];
export const BUN_VERSION = '1.4.5';
export const DENO_VERSION = '2.9.6';
/** 5.x, 6 and the newest (7 is the native compiler: its `tsc` bin starts a platform binary). */
export const TYPESCRIPT_VERSIONS = ['5.9.3', '6.0.3', '7.0.2'];

/**
 * Installed runtimes and compilers live here, one npm project per package and version, so that CI and a
 * second run install nothing (CI keeps `node_modules`; delete the folder to start over).
 */
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'x-auth-consumers');

/**
 * The path of `bin` from `name@version`, installed with npm into the cache on first use. A folder is
 * used only once its install finished (`.complete`), so an interrupted download is tried again.
 */
export async function cachedBin(name: string, version: string, bin: string): Promise<string> {
  const dir = join(CACHE, `${name}@${version}`);
  const path = join(dir, 'node_modules', '.bin', bin);
  if (existsSync(join(dir, '.complete')) && existsSync(path)) return path;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const install = await npmInstall(dir, ['--no-package-lock', `${name}@${version}`], `${name}@${version}`);
  const failure = failureOf(install);
  if (failure || !existsSync(path)) {
    throw new Error(
      `npm install ${name}@${version}: ${failure ?? `no ${bin} bin`}\n${install.stderr.slice(-2_000)}`,
    );
  }
  writeFileSync(join(dir, '.complete'), '');
  return path;
}
