import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const here = (path: string) => new URL(path, import.meta.url);
const RECIPES = ['recipes/vitestFixture.test.ts', 'recipes/nodeTest.recipe.ts'];

describe('test-suite recipes (README "In your test suite")', () => {
  it('the node:test recipe passes under `node --test`, its second test relying on reset()', async () => {
    // vitest runs the vitest recipe itself; node's own runner runs this one, in a child process
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--test', '--test-reporter=tap', here('recipes/nodeTest.recipe.ts').pathname],
      { cwd: here('..').pathname },
    );
    expect(stdout).toMatch(/^# pass 2$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });

  it.each(RECIPES)('the README shows %s as it is tested', async (recipe) => {
    const readme = await readFile(here('../README.md'), 'utf8');
    const code = await readFile(here(recipe), 'utf8');
    // a fenced ts block, whatever its info string (`ts example` marks what the consumer suite runs)
    const blocks = [...readme.matchAll(/```ts[^\n]*\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks).toContain(code);
  });
});
