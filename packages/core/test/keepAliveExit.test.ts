// Keep-alive pings run on timers nobody awaits: a real process with a kept-alive manager left open exits.
// A timer that held it would never let it go (every ping arms the next), so the child would be killed.
import { expect, it } from 'vitest';
import { runScript, srcIndex } from './srcProcess.js';

it('a keep-alive client left open does not stop its process from exiting', () => {
  const child = runScript(
    `import { TokenManager, idle } from ${srcIndex};
     const m = new TokenManager({ provider: 't', key: 'k', policy: idle(60_000), issue: async () => 'tok',
       keepAlive: { intervalMs: 1_000, ping: async () => {} } });
     await m.get();
     console.log('got token, leaving manager open');`,
    10_000,
  );
  expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({
    status: 0,
    stdout: 'got token, leaving manager open',
    stderr: '',
  });
});
