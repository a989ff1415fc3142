// Keep-alive pings and expiry run on timers nobody awaits: a real process with a manager left open, holding
// a token, exits. A timer that held it would never let it go (every ping arms the next; the expiry is an
// hour away), so the child would be killed.
import { expect, it } from 'vitest';
import { runScript, srcIndex } from './srcProcess.js';

it.each([
  ['a keep-alive client', 'policy: idle(60_000), keepAlive: { intervalMs: 1_000, ping: async () => {} }'],
  ['a client holding a 1-hour token (its expiry timer)', 'policy: lifetime(3_600_000)'],
])('%s left open does not stop its process from exiting', (_, options) => {
  const child = runScript(
    `import { TokenManager, idle, lifetime } from ${srcIndex};
     const m = new TokenManager({ provider: 't', key: 'k', issue: async () => 'tok', ${options} });
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
