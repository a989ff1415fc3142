/**
 * What a README promises, read from its Markdown: the examples it marks runnable and the packages its
 * install lines name. The conventions (also in consumers/README.md):
 *
 * - A code fence whose info string is `ts example` is a whole program that runs against the emulator on
 *   Node; `ts example bun deno` runs on Bun and Deno too. Other fences are prose.
 * - It reaches the emulator at `http://127.0.0.1:4010` (the port the README's `npx x-emulator --port 4010`
 *   uses); the suite points it at its own emulator by replacing that origin.
 * - A line ending in `// → text` prints a line containing `text`; the suite checks them in order.
 * - `npm i …` lines in `sh` fences are what the project installs (`-D` as devDependencies).
 */

/** The emulator origin the READMEs use, replaced by the suite's own. */
export const README_EMULATOR = 'http://127.0.0.1:4010';

/** One runnable example of a README. */
export interface ReadmeExample {
  /** `clickatell-mfa/try-it-against-the-emulator`: the package folder and the heading above it */
  id: string;
  code: string;
  /** runtimes beyond Node the README claims for it */
  alsoOn: ('bun' | 'deno')[];
  /** what it must print, in order */
  expected: string[];
}

/** The packages a README's install lines name. */
export interface InstallLines {
  dependencies: string[];
  devDependencies: string[];
}

interface Fence {
  words: string[];
  code: string;
  heading: string;
}

const FENCE = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
const HEADING = /^#{2,4} +(.+)$/gm;

function fences(markdown: string): Fence[] {
  const headings = [...markdown.matchAll(HEADING)].map((match) => ({
    at: match.index,
    text: match[1] ?? '',
  }));
  return [...markdown.matchAll(FENCE)].map((match) => ({
    words: (match[1] ?? '').trim().split(/\s+/),
    code: match[2] ?? '',
    heading: headings.filter((heading) => heading.at < match.index).at(-1)?.text ?? 'top',
  }));
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The examples of one README, in the order they appear. */
export function readmeExamples(folder: string, markdown: string): ReadmeExample[] {
  const seen = new Map<string, number>();
  return fences(markdown)
    .filter((fence) => ['ts', 'js'].includes(fence.words[0] ?? '') && fence.words[1] === 'example')
    .map((fence) => {
      const base = `${folder}/${slug(fence.heading)}`;
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      return {
        id: count === 1 ? base : `${base}-${count}`,
        code: fence.code,
        alsoOn: fence.words
          .slice(2)
          .filter((word): word is 'bun' | 'deno' => word === 'bun' || word === 'deno'),
        expected: [...fence.code.matchAll(/\/\/ → (.+)$/gm)].map((match) => (match[1] ?? '').trim()),
      };
    });
}

/** The packages named by `npm i` / `npm install` lines in the README's `sh` fences. */
export function installLines(markdown: string): InstallLines {
  const lines: InstallLines = { dependencies: [], devDependencies: [] };
  for (const fence of fences(markdown).filter((fence) => fence.words[0] === 'sh')) {
    for (const match of fence.code.matchAll(/^\s*npm (?:i|install)\s+([^#\n]+)/gm)) {
      const words = (match[1] ?? '').trim().split(/\s+/);
      const dev = words.some((word) => word === '-D' || word === '--save-dev');
      const target = dev ? lines.devDependencies : lines.dependencies;
      for (const word of words.filter((word) => !word.startsWith('-'))) {
        if (!target.includes(word)) target.push(word);
      }
    }
  }
  return lines;
}

/** The `ts check` fences: code that is type-checked with the examples but not run. */
export function typecheckOnly(markdown: string): string[] {
  return fences(markdown)
    .filter((fence) => fence.words[0] === 'ts' && fence.words[1] === 'check')
    .map((fence) => fence.code);
}
