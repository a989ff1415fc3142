import type { TokenStore } from '@x/core';
import { expectTypeOf, test } from 'vitest';
import type { RedisTokenStore } from '../src/index.js';

test('RedisTokenStore is a TokenStore', () => {
  expectTypeOf<RedisTokenStore>().toMatchTypeOf<TokenStore>();
  expectTypeOf<RedisTokenStore['prefix']>().toBeString();
});
