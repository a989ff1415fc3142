// The consumer suite (`pnpm test` runs it through turbo): every package from its tarball, in fresh npm
// projects outside the workspace, on every runtime and TypeScript setting it claims. Prints the matrix
// and exits 1 if any cell failed. KEEP_CONSUMERS=1 keeps the projects (their path is printed).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorPool } from './emulatorPool.ts';
import { type Runtime, runExample } from './exampleCells.ts';
import { lowestNode, manifestProblems } from './manifestChecks.ts';
import type { Cell } from './matrix.ts';
import { printMatrix } from './matrix.ts';
import { inParallel } from './processes.ts';
import {
  type ConsumerProject,
  installedNames,
  installProject,
  ourClosure,
  README_PROJECT_TOOLS,
} from './projects.ts';
import { installLines, type ReadmeExample, readmeExamples, typecheckOnly } from './readmeExamples.ts';
import { BUN_VERSION, cachedBin, DENO_VERSION, NODE_LINES, TYPESCRIPT_VERSIONS } from './runtimes.ts';
import type { Tarball } from './tarballs.ts';
import { packAll } from './tarballs.ts';
import { entriesModule, TS_SETTINGS, type TsSetting, typecheckProjects } from './typecheck.ts';
import { publishedPackages, type WorkspacePackage } from './workspace.ts';

/** What an installed package must not bring along (DESIGN.md: what installing it may pull). */
const MUST_NOT_INSTALL: Record<string, string[]> = {
  // its declarations need no Node types: `@types/node` is an optional peer here, and stays out
  '@x/clickatell-mfa': ['soap', 'axios', '@types/node'],
  '@x/emulator': ['soap', 'axios', 'ky'],
};

const started = performance.now();
const log = (line: string) => process.stderr.write(`consumers: ${line}\n`);
const workDir = mkdtempSync(join(tmpdir(), 'x-auth-consumers-'));
const parallel = Math.max(2, availableParallelism());
const cells: Cell[] = [];
const cell = (table: string, row: string, column: string, problem: string | undefined) =>
  cells.push({ table, row, column, ok: problem === undefined, ...(problem ? { detail: problem } : {}) });
const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

const packages = publishedPackages();
log(`packing ${packages.length} packages into ${workDir}`);
const tarballs = await packAll(packages, workDir);
const engines = tarballs.get('@x/core')?.manifest.engines?.node ?? '';
for (const pkg of packages) {
  const problems = manifestProblems(tarballs.get(pkg.name) as Tarball, pkg.folder, engines);
  cell('tarball', pkg.name, 'manifest', problems.length > 0 ? problems.join('\n') : undefined);
}

const lowest = lowestNode(engines);
const nodeVersions = [lowest, ...NODE_LINES.filter((version) => version !== lowest)];
log(`runtimes (cached after the first run): node ${nodeVersions.join(', ')}, bun, deno, typescript`);
const tools = await inParallel(4, [
  ...nodeVersions.map((version) => () => cachedBin('node', version, 'node')),
  () => cachedBin('bun', BUN_VERSION, 'bun'),
  () => cachedBin('deno', DENO_VERSION, 'deno'),
  ...TYPESCRIPT_VERSIONS.map((version) => () => cachedBin('typescript', version, 'tsc')),
]);
const nodes = tools.slice(0, nodeVersions.length);
const [bun, deno, ...tscs] = tools.slice(nodeVersions.length) as [string, string, ...string[]];
const installNode = nodes[nodeVersions.findIndex((version) => version.startsWith('24.'))] as string;

const runtimes: Runtime[] = [
  ...nodeVersions.flatMap((version, i) =>
    (['esm', 'cjs'] as const).map((kind) => ({
      column: `node ${version} ${kind}`,
      kind,
      command: nodes[i] as string,
      args: [],
    })),
  ),
  { column: `bun ${BUN_VERSION}`, kind: 'esm', command: bun, args: [], claimedBy: 'bun' },
  {
    column: `deno ${DENO_VERSION}`,
    kind: 'esm',
    command: deno,
    args: ['run', '--allow-net', '--allow-read'],
    claimedBy: 'deno',
  },
];

/** The entry points a package's `exports` names, as import specifiers. */
const entryPoints = (name: string) =>
  Object.keys(tarballs.get(name)?.manifest.exports ?? { '.': '' })
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? name : `${name}/${key.slice(2)}`));

interface Projects {
  pkg: WorkspacePackage;
  alone?: ConsumerProject;
  readme?: ConsumerProject;
  examples: ReadmeExample[];
  checked: string[];
}

log(`installing two projects per package (${seconds()})`);
const projects: Projects[] = await inParallel(
  parallel,
  packages.map((pkg) => async () => {
    const result: Projects = {
      pkg,
      examples: readmeExamples(pkg.folder, pkg.readme),
      checked: typecheckOnly(pkg.readme),
    };
    // Alone: only the package and @x/core (the one package every other may depend on).
    const needs = [...ourClosure(pkg.name, tarballs)].filter(
      (name) => name !== pkg.name && name !== '@x/core',
    );
    if (needs.length > 0) {
      cell('installed alone', pkg.name, 'installs', `needs ${needs.join(', ')} besides @x/core`);
    } else {
      try {
        result.alone = await installProject(
          join(workDir, 'alone', pkg.folder),
          // @x/core's soap and testing entries name Node's types, its main and http entries none: its
          // @types/node peer is optional (so @x/clickatell-mfa installs without it), and its README says
          // to add it for those two entries, as this project does (unpinned, as a peer resolves: the same
          // copy as the other projects', which share one compiler run)
          { dependencies: [pkg.name], devDependencies: pkg.name === '@x/core' ? ['@types/node'] : [] },
          tarballs,
          ourClosure(pkg.name, tarballs),
          installNode,
        );
        cell('installed alone', pkg.name, 'installs', undefined);
        const pulled = (MUST_NOT_INSTALL[pkg.name] ?? []).filter((name) =>
          installedNames(result.alone!.dir).has(name),
        );
        cell(
          'installed alone',
          pkg.name,
          'pulls nothing extra',
          pulled.length ? `installs ${pulled.join(', ')}` : undefined,
        );
      } catch (error) {
        cell('installed alone', pkg.name, 'installs', (error as Error).message);
      }
    }
    // README: what its install lines name (ours from the tarballs), plus @types/node for tsc.
    const lines = installLines(pkg.readme);
    try {
      result.readme = await installProject(
        join(workDir, 'readme', pkg.folder),
        {
          dependencies: lines.dependencies,
          devDependencies: [...lines.devDependencies, ...README_PROJECT_TOOLS],
        },
        tarballs,
        tarballs.keys(),
        installNode,
      );
    } catch (error) {
      cell('README examples', pkg.folder, 'npm install', (error as Error).message);
    }
    return result;
  }),
);

const emulatorProject = projects.find((project) => project.pkg.name === '@x/emulator')?.readme;
if (!emulatorProject)
  throw new Error('the emulator README project did not install: nothing to run examples against');
const pool = await EmulatorPool.start(emulatorProject.dir, installNode, parallel);
log(`running README examples (${seconds()})`);
await inParallel(
  parallel + 1,
  projects.flatMap(({ readme, examples }) =>
    examples.flatMap((example) =>
      runtimes
        .filter((runtime) => !runtime.claimedBy || example.alsoOn.includes(runtime.claimedBy))
        .map((runtime) => async () => {
          const problem = readme
            ? await pool.with((url) => runExample(readme.dir, example, runtime, url))
            : 'project not installed';
          cell('README examples', example.id, runtime.column, problem);
        }),
    ),
  ),
);
pool.close();

log(`type-checking (${seconds()})`);
// One compiler run per TypeScript version, setting and kind, over every project of that kind.
const aloneFiles: string[] = [];
const readmeFiles: string[] = [];
for (const { pkg, alone, readme, examples, checked } of projects) {
  if (alone) {
    writeFileSync(join(alone.dir, 'entries.mts'), entriesModule(entryPoints(pkg.name)));
    aloneFiles.push(`${pkg.folder}/entries.mts`);
  }
  if (readme) {
    mkdirSync(join(readme.dir, 'typed'), { recursive: true });
    const ours = installLines(pkg.readme).dependencies.filter((spec) => spec.startsWith('@x/'));
    // what `types: ["node"]` gives a Node project, resolved from this project's own @types/node
    const nodeTypes = '/// <reference types="node" />\n';
    const sources = [
      entriesModule(ours.flatMap(entryPoints)),
      ...examples.map((example) => example.code),
      ...checked,
    ];
    sources.forEach((code, i) => {
      writeFileSync(join(readme.dir, 'typed', `source${i}.mts`), nodeTypes + code);
      readmeFiles.push(`${pkg.folder}/typed/source${i}.mts`);
    });
  }
}
// An entry point over an optional peer (`@x/core/soap` on soap, `@x/cms-auth/express` on express) needs
// that peer installed, as its README says; alone, only its other errors count.
const optionalPeers = [...tarballs.values()].flatMap(({ manifest }) =>
  Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta.optional)
    .map(([name]) => name),
);
const withoutOptionalPeers = (errors: string | undefined) => {
  const missingPeer = (line: string) =>
    optionalPeers.some((peer) => line.includes(`Cannot find module '${peer}'`));
  const kept = errors?.split('\n').filter((line) => line.trim() && !missingPeer(line));
  return kept?.length ? kept.join('\n') : undefined;
};
const folderOf = (name: string) => packages.find((pkg) => pkg.name === name)?.folder;
const tsKinds = [
  {
    table: 'types, package alone, TS defaults',
    root: join(workDir, 'alone'),
    files: aloneFiles,
    has: (p: Projects) => p.alone,
  },
  {
    table: 'types, README examples (+ @types/node)',
    root: join(workDir, 'readme'),
    files: readmeFiles,
    has: (p: Projects) => p.readme,
  },
];
await inParallel(
  parallel,
  TYPESCRIPT_VERSIONS.flatMap((version, i) =>
    (Object.keys(TS_SETTINGS) as TsSetting[]).flatMap((setting) =>
      tsKinds.map((kind) => async () => {
        const errors = await typecheckProjects(tscs[i] as string, kind.root, kind.files, setting, folderOf);
        for (const project of projects.filter(kind.has)) {
          const problem = withoutOptionalPeers(errors.get(project.pkg.folder) ?? errors.get('*'));
          cell(kind.table, project.pkg.name, `ts ${version} ${setting}`, problem);
        }
      }),
    ),
  ),
);

// columns in the order the matrix defines them, not the order cells finished in
const columnOrder = [
  'manifest',
  'installs',
  'pulls nothing extra',
  ...runtimes.map((runtime) => runtime.column),
  ...TYPESCRIPT_VERSIONS.flatMap((version) =>
    Object.keys(TS_SETTINGS).map((setting) => `ts ${version} ${setting}`),
  ),
];
const tableOrder = [...new Set(cells.map((each) => each.table))];
const rank = (each: Cell) => tableOrder.indexOf(each.table) * 1_000 + columnOrder.indexOf(each.column);
cells.sort((a, b) => rank(a) - rank(b));
printMatrix(cells, (line) => process.stdout.write(`${line}\n`));
log(`done in ${seconds()}`);
if (process.env.KEEP_CONSUMERS) log(`projects kept in ${workDir}`);
else rmSync(workDir, { recursive: true, force: true });
process.exitCode = cells.every((each) => each.ok) ? 0 : 1;
