import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('a keep-alive client left open does not stop its process from exiting', () => {
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  const script = `
    import { TokenManager, idle } from ${JSON.stringify(dist)};
    const m = new TokenManager({ provider: 't', key: 'k', policy: idle(60_000), issue: async () => 'tok',
      keepAlive: { intervalMs: 1_000, ping: async () => {} } });
    await m.get();
    console.log('got token, leaving manager open');
  `;
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000 });
  expect(child.stdout.toString()).toContain('got token');
  expect(child.status).toBe(0);
  expect(Date.now() - started).toBeLessThan(5_000);
});
