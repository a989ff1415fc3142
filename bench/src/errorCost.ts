// Figure 0: what building a ProviderError costs with secrets registered, beside none: 4,096 ordinary
// secrets, and two huge ones (a 60,000-character token a server returned, a 5,000,000-character API key).
import { randomBytes } from 'node:crypto';
import { forgetSecret, registerSecret, ServiceError } from '@x/core';
import { median, range } from './median.ts';

/** Nanoseconds per error built, over `perRound` errors. */
function build(perRound: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) {
    new ServiceError('getbalance answered ERR: 105, Invalid destination address To: 2799900001', {
      provider: 'clickatell-soap',
      code: '105',
    });
  }
  return Number(process.hrtime.bigint() - start) / perRound;
}

/** Error cost with `secrets` registered, then forgotten again; the first error after a change builds the matcher. */
function withRegistered(secrets: readonly string[], perRound: number): number {
  for (const secret of secrets) registerSecret(secret);
  try {
    build(1); // once per change, not per error
    return build(perRound);
  } finally {
    for (const secret of secrets) forgetSecret(secret);
  }
}

export function errorCost(rounds = 7, perRound = 20_000) {
  const many = Array.from({ length: 4_096 }, (_, i) =>
    i % 2 ? randomBytes(16).toString('hex') : `p&ss word/${randomBytes(9).toString('base64')}`,
  );
  // base64 of random bytes: `+`, `/` and `=` give it URL-encoded forms of its own
  const huge = [randomBytes(45_000).toString('base64'), randomBytes(3_750_000).toString('base64')];
  const arms = {
    none: () => build(perRound),
    many: () => withRegistered(many, perRound),
    huge: () => withRegistered(huge, perRound),
  };
  const samples = { none: [] as number[], many: [] as number[], huge: [] as number[] };
  const order = ['none', 'many', 'huge'] as const;
  for (const arm of order) arms[arm](); // warm up
  // rotating order, so that a machine that speeds up or slows down favours no arm
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < order.length; i++) {
      const arm = order[(r + i) % order.length]!;
      samples[arm].push(arms[arm]());
    }
  }
  const ratios = (arm: 'many' | 'huge') => samples[arm].map((x, i) => x / samples.none[i]!);
  return {
    noneNs: Math.round(median(samples.none)),
    with4096Ns: Math.round(median(samples.many)),
    ratio: median(ratios('many')),
    ratioRange: range(ratios('many')),
    hugeLengths: huge.map((secret) => secret.length),
    withHugeNs: Math.round(median(samples.huge)),
    hugeRatio: median(ratios('huge')),
    hugeRatioRange: range(ratios('huge')),
  };
}

// `node src/errorCost.ts` runs this figure alone
if (import.meta.main) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(errorCost(quick ? 3 : 7, quick ? 5_000 : 20_000), null, 2));
}
