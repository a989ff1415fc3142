import { expectTypeOf, test } from 'vitest';
import { type LoginResult, SbtClient, type SbtClientOptions, type TokenExpiry } from '../src/index.js';

test('SbtClient public types', () => {
  expectTypeOf<SbtClientOptions['tokenExpiry']>().toEqualTypeOf<TokenExpiry | undefined>();
  expectTypeOf<SbtClientOptions['transport']>().toEqualTypeOf<'soap' | 'rest' | undefined>();
  expectTypeOf<SbtClient['authenticateApiKey']>().returns.toEqualTypeOf<Promise<LoginResult>>();
  expectTypeOf<LoginResult['errorCode']>().toBeNumber();
  expectTypeOf(new SbtClient({ apiKey: 'k' }).withToken(async (token) => token.length)).toEqualTypeOf<
    Promise<number>
  >();
  // @ts-expect-error not one of the six settings
  new SbtClient({ apiKey: 'k', tokenExpiry: '2-days' });
});
