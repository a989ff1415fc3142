import { memoize } from '@smithy/property-provider';
import { lifetime, TokenManager } from '@x/core';
import { median } from './median.ts';

const HOUR = 60 * 60_000;

async function nsPerOp(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** 1. A valid cached token: our TokenManager.get() vs Smithy's memoize vs a plain async closure, ns/op. */
export async function hotPath(iterations = 1_000_000, rounds = 7) {
  const manager = new TokenManager({
    provider: 'bench',
    key: 'bench',
    policy: lifetime(HOUR),
    issue: async () => 'token',
  });
  await manager.get();
  // memoize with an expiry check, as the AWS SDK uses it for expiring identities
  const memoized = memoize(
    async () => ({ token: 'token', expiration: new Date(Date.now() + HOUR) }),
    (identity) => identity.expiration.getTime() - Date.now() < 300_000,
    () => true,
  );
  await memoized();
  let token = 'token';
  const closure = async () => token;
  token = await closure();
  const results = { ours: [] as number[], memoize: [] as number[], closure: [] as number[] };
  await nsPerOp(() => manager.get(), iterations); // warm up all three
  await nsPerOp(memoized, iterations);
  await nsPerOp(closure, iterations);
  for (let r = 0; r < rounds; r++) {
    results.ours.push(await nsPerOp(() => manager.get(), iterations));
    results.memoize.push(await nsPerOp(memoized, iterations));
    results.closure.push(await nsPerOp(closure, iterations));
  }
  const ours = median(results.ours);
  const memo = median(results.memoize);
  return { oursNs: ours, memoizeNs: memo, closureNs: median(results.closure), oursVsMemoize: ours / memo };
}
