import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram } from './processes.ts';

/** The two ways consumers resolve modules: Node's own, and a bundler's. */
export const TS_SETTINGS = {
  nodenext: { module: 'nodenext' },
  // module preserve leaves target at ES5 before TypeScript 6: name the target nodenext implies (esnext)
  bundler: { module: 'preserve', moduleResolution: 'bundler', target: 'esnext' },
} as const;

export type TsSetting = keyof typeof TS_SETTINGS;

/** A module that imports every entry point `exports` names, so that `tsc` reads every declaration. */
export function entriesModule(entryPoints: string[]): string {
  const lines = entryPoints.map((entry, i) => `import * as entry${i} from '${entry}';`);
  return `${lines.join('\n')}\nexport const entries = [${entryPoints.map((_, i) => `entry${i}`).join(', ')}];\n`;
}

/**
 * `tsc --noEmit` once over the files of many projects under `root` (`<project>/…`, each resolving from
 * its own node_modules), with TypeScript's defaults plus one module setting: one compiler start instead
 * of one per project. Returns each project's errors: an error in `node_modules/@x/<name>/` counts for
 * that package's project (TypeScript reads one copy of a package version however many projects hold
 * it), any other for the project whose folder holds the file.
 */
export async function typecheckProjects(
  tsc: string,
  root: string,
  files: string[],
  setting: TsSetting,
  folderOf: (packageName: string) => string | undefined,
): Promise<Map<string, string>> {
  const config = join(root, `tsconfig.${setting}.json`);
  const compilerOptions = { ...TS_SETTINGS[setting], noEmit: true };
  writeFileSync(config, `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
  const result = await runProgram(process.execPath, [tsc, '-p', config, '--pretty', 'false'], {
    cwd: root,
    timeoutMs: 600_000,
  });
  const errors = new Map<string, string>();
  let project: string | undefined;
  for (const line of `${result.stdout}${result.stderr}`.split('\n')) {
    const file = /^(\S.*?)\(\d+,\d+\): error /.exec(line)?.[1];
    if (file) {
      const ours = /node_modules\/(@x\/[^/]+)\//.exec(file)?.[1];
      project = (ours && folderOf(ours)) ?? file.split('/')[0];
    }
    if (project && line.trim()) errors.set(project, `${errors.get(project) ?? ''}${line}\n`);
  }
  if (result.code !== 0 && errors.size === 0) {
    errors.set(
      '*',
      `tsc ${result.timedOut ? 'timed out' : `exited ${result.code}`}\n${result.stdout}${result.stderr}`,
    );
  }
  return errors;
}
