// A lock wait holds the process only while a caller awaits the refresh. The store below stands for one
// that other processes share: its lock is held elsewhere, and the other holder's token shows up in it
// later. It has no timer of its own, so the manager's poll is the only thing that can keep the child alive.
import { expect, it } from 'vitest';
import { runScript, srcIndex } from './srcProcess.js';

const run = (body: string) =>
  runScript(
    `import { TokenManager, lifetime } from ${srcIndex};
       const startedAt = Date.now();
       let locks = 0;
       const store = {
         // the other process's token appears 400 ms in (or never)
         get: async () => (Date.now() - startedAt > (globalThis.theirsAfterMs ?? 400) ? { value: 'theirs', issuedAt: startedAt, expiresAt: null } : undefined),
         set: async () => {},
         delete: async () => {},
         // held by another process, except for this process's very first refresh (when allowed)
         lock: async () => (locks++ === 0 && globalThis.firstLockIsOurs ? { release: async () => {} } : undefined),
       };
       ${body}`,
    20_000,
  );

it("a caller awaiting another process's refresh keeps its process alive until the token comes", () => {
  const child = run(`
    const manager = new TokenManager({ provider: 't', key: 'k', policy: lifetime(60_000), store, issue: async () => 'ours' });
    console.log(await manager.get());`);
  expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({
    status: 0,
    stdout: 'theirs',
    stderr: '',
  });
});

it('a background refresh waiting on the lock does not hold the process', () => {
  const started = Date.now();
  const child = run(`
    globalThis.firstLockIsOurs = true;
    globalThis.theirsAfterMs = Infinity; // the other holder never finishes: we would wait out lockWaitMs
    const manager = new TokenManager({ provider: 't', key: 'k', policy: lifetime(60_000), store,
      issue: async () => 'ours', safetyMarginMs: 0, refreshWindowMs: 59_950, lockWaitMs: 15_000 });
    await manager.get();
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(await manager.get()); // inside the refresh window: handed out, refreshed in the background`);
  expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({
    status: 0,
    stdout: 'ours',
    stderr: '',
  });
  expect(Date.now() - started).toBeLessThan(10_000);
});

it('a caller who joins a background refresh already waiting on the lock keeps the process alive', () => {
  const child = run(`
    globalThis.firstLockIsOurs = true;
    globalThis.theirsAfterMs = 800;
    const manager = new TokenManager({ provider: 't', key: 'k', policy: lifetime(60_000), store,
      issue: async () => 'ours', safetyMarginMs: 0, refreshWindowMs: 59_950 });
    await manager.get();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await manager.get(); // starts the background refresh, which waits on the other holder's lock
    await new Promise((resolve) => setImmediate(resolve)); // by now it polls, on a timer that holds nothing
    console.log(await manager.refresh()); // now a caller awaits that same refresh`);
  expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({
    status: 0,
    stdout: 'theirs',
    stderr: '',
  });
});
