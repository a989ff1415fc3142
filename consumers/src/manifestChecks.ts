import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tarball } from './tarballs.ts';
import { REPO_ROOT } from './workspace.ts';

/** The repository every manifest names (the published packages' home). */
export const REPOSITORY = 'https://github.com/x-auth/sdks';

/** An exact version (`1.13.0`): a range that refuses the dependency's patch releases. */
const EXACT_VERSION = /^=?v?\d+\.\d+\.\d+(?:-[\w.]+)?$/;

/**
 * What a registry and a user expect of a tarball: our LICENSE, links to the source and the issues, no
 * build noise in the manifest, ranges that take patch releases, and one `engines` range for all.
 * Returns the problems found, empty when the tarball is fine.
 */
export function manifestProblems(tarball: Tarball, folder: string, engines: string): string[] {
  const { manifest, root } = tarball;
  const problems: string[] = [];
  const license = join(root, 'LICENSE');
  if (!existsSync(license)) problems.push('no LICENSE file');
  else if (readFileSync(license, 'utf8') !== readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')) {
    problems.push("LICENSE differs from the repository's");
  }
  if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}, the LICENSE file is MIT`);
  const repository = manifest.repository;
  if (repository?.url !== `git+${REPOSITORY}.git` || repository.directory !== `packages/${folder}`) {
    problems.push(`repository is ${JSON.stringify(repository)}`);
  }
  if (manifest.homepage !== `${REPOSITORY}/tree/main/packages/${folder}#readme`) {
    problems.push(`homepage is ${manifest.homepage}`);
  }
  const bugs = typeof manifest.bugs === 'string' ? manifest.bugs : manifest.bugs?.url;
  if (bugs !== `${REPOSITORY}/issues`) problems.push(`bugs is ${bugs}`);
  if (manifest.scripts) problems.push(`scripts published: ${Object.keys(manifest.scripts).join(', ')}`);
  if (manifest.devDependencies) problems.push('devDependencies published');
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (range.startsWith('workspace:')) problems.push(`${name}: ${range} left unpacked`);
    if (EXACT_VERSION.test(range)) problems.push(`${name} pinned to ${range}: users cannot take its patches`);
  }
  if (manifest.engines?.node !== engines) {
    problems.push(`engines.node is ${manifest.engines?.node}, @x/core says ${engines}`);
  }
  return problems;
}

/** The lowest Node version a range such as `^22.12.0 || >=24` admits (its smallest bound; `>=22` is 22.0.0). */
export function lowestNode(engines: string): string {
  const bounds = [...engines.matchAll(/(?:\^|~|>=|=|\s|^)v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/g)].map((match) =>
    [match[1], match[2], match[3]].map((part) => Number(part ?? 0)),
  );
  bounds.sort((a, b) => (a[0]! - b[0]!) * 1e6 + (a[1]! - b[1]!) * 1e3 + (a[2]! - b[2]!));
  const lowest = bounds[0];
  if (!lowest || /</.test(engines)) throw new Error(`cannot read a lowest version from "${engines}"`);
  return lowest.join('.');
}
