import { expectTypeOf, test } from 'vitest';
import { type ChallengeState, type ChallengeStatus, ClickatellMfaClient } from '../src/index.js';

test('ClickatellMfaClient public types', () => {
  expectTypeOf<ClickatellMfaClient['requestPin']>().returns.toEqualTypeOf<
    Promise<{ apiRequestId: string }>
  >();
  expectTypeOf<ClickatellMfaClient['waitForResult']>().returns.toEqualTypeOf<Promise<ChallengeStatus>>();
  expectTypeOf<ChallengeStatus['state']>().toEqualTypeOf<ChallengeState>();
  expectTypeOf<ChallengeState>().toEqualTypeOf<
    'pending' | 'solved' | 'retry' | 'expired' | 'failed' | 'unknown-request' | 'error'
  >();
  const mfa = new ClickatellMfaClient({ token: 't' });
  // @ts-expect-error customPin belongs to PIN challenges only
  mfa.requestGrid({ to: '2799900001', customPin: '1234' });
});
