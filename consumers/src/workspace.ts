import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A published package of the workspace, as the suite sees it. */
export interface WorkspacePackage {
  /** `@x/sbt` */
  name: string;
  /** `sbt`: the folder under `packages/`, and the consumer project's name */
  folder: string;
  dir: string;
  readme: string;
}

/** Every folder under `packages/`: the packages we publish. */
export function publishedPackages(): WorkspacePackage[] {
  const root = join(REPO_ROOT, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
      return {
        name: manifest.name,
        folder: entry.name,
        dir,
        readme: readFileSync(join(dir, 'README.md'), 'utf8'),
      };
    });
}
