import type { AuthenticationError } from '@x/core';
import { expectTypeOf, test } from 'vitest';
import type { CmsAuthClient, CmsAuthManager, CmsLoginError, Identity } from '../src/index.js';

test('CmsAuthClient public types', () => {
  expectTypeOf<CmsAuthClient['authenticate']>().returns.toEqualTypeOf<
    Promise<{ token: string; identity: Identity }>
  >();
  expectTypeOf<CmsAuthClient['getIdentity']>().returns.toEqualTypeOf<Promise<Identity | null>>();
  expectTypeOf<CmsAuthManager['currentUser']>().parameter(0).toEqualTypeOf<Request | Headers>();
  expectTypeOf<CmsLoginError>().toMatchTypeOf<AuthenticationError>();
  expectTypeOf<CmsLoginError['errors']>().toEqualTypeOf<string[]>();
});
