// The API reference's pages come from each published package's `exports`: every subpath ('.', './soap',
// './contract', …) is one entry point, read back from its build output to its source (tsup builds each
// `src/<entry>.ts` to `dist/<entry>.d.ts`). A new export is documented, and validated, without touching this.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** `{ specifier, source }` of every subpath a package exports; none for a private package or the root. */
export function exportedEntries(packageDir) {
  const manifestPath = join(packageDir, 'package.json');
  if (!existsSync(manifestPath)) return [];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private || typeof manifest.exports !== 'object') return [];
  return Object.entries(manifest.exports)
    .filter(([, target]) => typeof target === 'object' && typeof target.types === 'string')
    .map(([subpath, target]) => ({
      specifier: manifest.name + subpath.slice(1),
      source: resolve(packageDir, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts')),
    }));
}

/** Every published package's entries under `packagesDir`. */
export function workspaceEntries(packagesDir) {
  return readdirSync(packagesDir).flatMap((dir) => exportedEntries(resolve(packagesDir, dir)));
}

/**
 * Why an entry cannot make a good page: its source is missing, or its first comment does not end in
 * `@module <specifier>` (which names the page for its import specifier and makes the comment its introduction).
 */
function entryProblem({ specifier, source }) {
  const where = relative(process.cwd(), source);
  if (!existsSync(source)) return `${specifier}: no source file at ${where}`;
  const tag = `@module ${specifier.replace(/^@/, '\\@')}`;
  const lines = readFileSync(source, 'utf8').split('\n');
  if (lines.some((line) => line.replace(/^\s*\*\s*/, '').trimEnd() === tag)) return undefined;
  return `${where}: start it with a comment that says what ${specifier} is for and ends in "${tag}"`;
}

/** TypeDoc plugin: in packages mode, give each package its exports as entry points. */
export function load(app) {
  app.options.addReader({
    name: 'package-exports',
    order: 150, // after typedoc.json (100), before tsconfig.json (200) and the command line (300)
    supportsPackages: true,
    read(options, logger, cwd) {
      const entries = exportedEntries(cwd);
      if (entries.length === 0) return;
      for (const problem of entries.map(entryProblem).filter(Boolean)) logger.error(problem);
      options.setValue(
        'entryPoints',
        entries.map((entry) => entry.source),
        cwd,
      );
    },
  });
}
