import type { AuthenticationError, LifecycleListener } from '@x/core';
import { expectTypeOf, test } from 'vitest';
import type { CmsAuthClient, CmsAuthManager, CmsLoginError, Identity } from '../src/index.js';

test('CmsAuthClient public types', () => {
  expectTypeOf<CmsAuthClient['authenticate']>().returns.toEqualTypeOf<
    Promise<{ token: string; identity: Identity }>
  >();
  expectTypeOf<CmsAuthClient['getIdentity']>().returns.toEqualTypeOf<Promise<Identity | null>>();
  expectTypeOf<CmsAuthManager['currentUser']>().parameter(0).toEqualTypeOf<Request | Headers>();
  // the same listener type as every TokenManager's, so one logger serves all of them
  expectTypeOf<CmsAuthManager['on']>().parameter(0).toEqualTypeOf<LifecycleListener>();
  expectTypeOf<CmsAuthManager['on']>().returns.toEqualTypeOf<() => void>();
  expectTypeOf<CmsLoginError>().toMatchTypeOf<AuthenticationError>();
  expectTypeOf<CmsLoginError['errors']>().toEqualTypeOf<string[]>();
});
