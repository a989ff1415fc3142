import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The README's first ```ts block that contains `marker`. */
export async function readmeExample(marker: string): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  // a block may sit indented in a list item: take its lines back to the fence's indent; its info string
  // may say more than `ts` (`ts check` marks what the consumer suite type-checks)
  const block = [...readme.matchAll(/^( *)```ts(?: [^\n]*)?\n([\s\S]*?)^\1```$/gm)]
    .map(([, indent, code]) => code!.replace(new RegExp(`^${indent}`, 'gm'), ''))
    .find((code) => code.includes(marker));
  if (!block) throw new Error(`no ts block with ${marker} in README.md`);
  return block;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Run a README example as a user would: a file in a project of its own whose node_modules holds the built
 * `@x/token-store-redis`, `@x/sbt` and `redis`, run by Node (which strips the types). The one change: its
 * `SbtClient`, if `sbtBaseUrl` is given, is pointed at it (the emulator) instead of the real service.
 */
export async function runExample(
  code: string,
  env: Record<string, string>,
  sbtBaseUrl?: string,
): Promise<{ stdout: string; stderr: string }> {
  const apiKeyLine = 'apiKey: process.env.SBT_API_KEY!,';
  if (sbtBaseUrl !== undefined && !code.includes(apiKeyLine))
    throw new Error(`the example has no "${apiKeyLine}"`);
  const project = await mkdtemp(join(tmpdir(), 'readme-example-'));
  try {
    await mkdir(join(project, 'node_modules', '@x'), { recursive: true });
    await symlink(here('..'), join(project, 'node_modules', '@x', 'token-store-redis'));
    await symlink(here('../node_modules/@x/sbt'), join(project, 'node_modules', '@x', 'sbt'));
    await symlink(here('../node_modules/redis'), join(project, 'node_modules', 'redis'));
    const file = join(project, 'example.mts');
    const pointed =
      sbtBaseUrl === undefined
        ? code
        : code.replace(apiKeyLine, `${apiKeyLine} baseUrl: ${JSON.stringify(sbtBaseUrl)},`);
    await writeFile(file, pointed);
    return await run(process.execPath, [file], { env: { ...process.env, ...env }, timeout: 20_000 });
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}
