// Child of `memoryAfterCredentials`: create N credentials (one TokenManager and one token each) on the
// default per-process store, drop them, let their tokens expire, and print the heap before, at the peak
// and after (JSON on stdout). Run with --expose-gc.
import { randomBytes } from 'node:crypto';
import { credentialKey, lifetime, TokenManager } from '@x/core';

const gc = (globalThis as { gc?: () => void }).gc!;
const tick = () => new Promise((resolve) => setImmediate(resolve));
/** The heap after full collections, letting finalizers (which run after a collection) do their work. */
const heapMiB = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await tick();
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const credentials = Number(process.argv[2] ?? 100_000);
const LIFETIME_MS = 1_000;

const start = await heapMiB();
let peak = 0;
for (let batch = 0; batch < credentials; batch += 10_000) {
  await Promise.all(
    Array.from({ length: Math.min(10_000, credentials - batch) }, (_, i) =>
      new TokenManager({
        provider: 'bench',
        key: credentialKey(
          'bench',
          'https://api.example.com',
          `tenant-${batch + i}`,
          randomBytes(8).toString('hex'),
        ),
        policy: lifetime(LIFETIME_MS),
        issue: async () => randomBytes(24).toString('base64url'),
      }).get(),
    ),
  );
  peak = Math.max(peak, process.memoryUsage().heapUsed / 2 ** 20);
}
// every manager is gone; their tokens expire, and the store's sweep (every 10 s) forgets them
await new Promise((resolve) => setTimeout(resolve, LIFETIME_MS + 11_000));
const end = await heapMiB();
const round = (x: number) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    credentials,
    startMiB: round(start),
    peakMiB: round(peak),
    endMiB: round(end),
    deltaMiB: round(end - start),
  }),
);
