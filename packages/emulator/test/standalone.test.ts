// The emulator installs alone: the published package's code and types import only Node's built-ins and
// its own dependencies, which name no SDK (the contracts it serves are bundled into it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('the published @x/emulator imports nothing but built-ins, @x/core and @xmldom/xmldom', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-pack-'));
  try {
    const cwd = new URL('..', import.meta.url).pathname;
    const tarball = execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!
      .trim();
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const root = join(dir, 'package');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const files = (readdirSync(join(root, 'dist'), { recursive: true }) as string[]).filter((file) =>
      /\.(js|d\.ts)$/.test(file),
    );
    const imported = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(root, 'dist', file), 'utf8');
      for (const [, specifier] of text.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)['"]((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]*)?)['"]/gm,
      )) {
        const name = specifier!.startsWith('@')
          ? specifier!.split('/').slice(0, 2).join('/')
          : specifier!.split('/')[0]!;
        if (!builtinModules.includes(name.replace(/^node:/, ''))) imported.add(name);
      }
    }
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@x/core', '@xmldom/xmldom']);
    expect([...imported].sort()).toEqual(['@x/core', '@xmldom/xmldom']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
