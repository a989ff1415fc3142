import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** Unpack a workspace package exactly as it would be published. */
function unpack(pkg: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-pack-'));
  const cwd = new URL(`../../${pkg}/`, import.meta.url).pathname;
  const out = execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['-xzf', out.trim(), '-C', dir]);
  const root = join(dir, 'package');
  const files = (readdirSync(join(root, 'dist'), { recursive: true }) as string[]).filter((f) =>
    f.endsWith('.js'),
  );
  return {
    manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
    code: files.map((f) => readFileSync(join(root, 'dist', f), 'utf8')).join('\n'),
    declarations: readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

it('the published @x/clickatell-mfa depends on @x/core and ky only, and contains no SOAP code', () => {
  const mfa = unpack('clickatell-mfa');
  const core = unpack('core');
  try {
    expect(Object.keys(mfa.manifest.dependencies).sort()).toEqual(['@x/core', 'ky']);
    // its only peer is Node's types, optional (here and in core): its declarations need none, so an
    // install pulls none (2.7 MB otherwise)
    expect(mfa.manifest.peerDependencies).toEqual({ '@types/node': '>=22' });
    expect(mfa.manifest.peerDependenciesMeta).toEqual({ '@types/node': { optional: true } });
    expect(core.manifest.peerDependenciesMeta['@types/node']).toEqual({ optional: true });
    expect(mfa.declarations).not.toMatch(/reference types="node"|from 'node:/);
    expect(mfa.declarations).toMatch(/^\/\/\/ <reference lib="esnext.disposable" \/>/);
    expect(mfa.code).not.toMatch(/from ['"](soap|@x\/core\/soap)['"]/);
    expect(mfa.code).not.toMatch(/createClientAsync|Envelope/);
    // core's soap entry is an optional peer: installing core does not install soap
    expect(core.manifest.dependencies ?? {}).not.toHaveProperty('soap');
    expect(core.manifest.peerDependenciesMeta.soap).toEqual({ optional: true });
  } finally {
    mfa.cleanup();
    core.cleanup();
  }
});
