import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('after a server returns a 60,000-character token and a 5,000,000-character API key is given to a constructor, unrelated failures of other clients are still their typed errors, and the process stays up', async () => {
  const script = fileURLToPath(new URL('./fixtures/hugeSecrets.ts', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // a crash prints a stack that may hold the secrets themselves: show only its start
  expect({ code, stderr: err.slice(0, 200) }).toEqual({ code: 0, stderr: '' });
  expect(JSON.parse(out)).toEqual({
    tokenLength: 60_000,
    mfa: { name: 'AuthenticationError', leaks: false },
    cms: { name: 'ServiceError', leaks: false },
    soap: { name: 'TransportError', leaks: false },
  });
}, 60_000);
