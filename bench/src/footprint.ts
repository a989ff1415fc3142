// 4. Footprint of each provider as a user installs it: pack @x/core and the provider, install both
// tarballs into an empty project with npm, then measure node_modules and a cold import.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './median.ts';

const root = new URL('../..', import.meta.url).pathname;
export const PROVIDERS = ['clickatell-soap', 'clickatell-mfa', 'sbt', 'cms-auth'];

function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += du(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

function pack(pkg: string, into: string): string {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', into], {
    cwd: join(root, 'packages', pkg),
    encoding: 'utf8',
  });
  return out.trim().split('\n').pop()!.trim();
}

export function footprint(provider: string) {
  const dir = mkdtempSync(join(tmpdir(), `footprint-${provider}-`));
  try {
    const tarballs = [pack('core', dir), pack(provider, dir)];
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'probe', private: true, type: 'module' }),
    );
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...tarballs],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const modules = join(dir, 'node_modules');
    const packages = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: dir, encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('node_modules'));
    const names = new Set(packages.map((p) => p.slice(p.lastIndexOf('node_modules/') + 13)));
    const runs = Array.from({ length: 5 }, () => {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, ['-e', `await import('@x/${provider}')`, '--input-type=module'], {
        cwd: dir,
      });
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    const base = Array.from({ length: 5 }, () => {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, ['-e', '0', '--input-type=module'], { cwd: dir });
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    return {
      provider: `@x/${provider}`,
      installedBytes: du(modules),
      packages: names.size,
      hasSoap: names.has('soap'),
      coldImportMs: Math.round((median(runs) - median(base)) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
