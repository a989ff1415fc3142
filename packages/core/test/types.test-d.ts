// Covers src/index.ts: the public types of the `@x/core` entry as a user imports them (the runtime tests
// import their names from the entry too). The http entry's type is checked here as well.
import { expectTypeOf, test } from 'vitest';
import type { HttpResponse } from '../src/http/index.js';
import {
  type ExpiryPolicy,
  idle,
  type LifecycleEvent,
  ProviderError,
  type ProviderErrorCode,
  parseReplyLine,
  type ReplyLine,
  type TokenManager,
  TransportError,
} from '../src/index.js';

test('public types', () => {
  expectTypeOf(idle(1)).toEqualTypeOf<ExpiryPolicy>();
  expectTypeOf<ProviderError['code']>().toEqualTypeOf<ProviderErrorCode | undefined>();
  expectTypeOf(new TransportError('x', { provider: 'p' })).toMatchTypeOf<ProviderError>();
  expectTypeOf(parseReplyLine).returns.toEqualTypeOf<ReplyLine>();
  expectTypeOf<TokenManager['get']>().returns.toEqualTypeOf<Promise<string>>();
  expectTypeOf<TokenManager['use']>().toBeFunction();
  expectTypeOf<LifecycleEvent['type']>().toEqualTypeOf<
    'issued' | 'used' | 'refreshed' | 'expired' | 'keep-alive' | 'failed'
  >();
  expectTypeOf<HttpResponse['data']>().toBeUnknown();
  // @ts-expect-error a code is a string or a number
  new ProviderError('x', { provider: 'p', code: true });
});
