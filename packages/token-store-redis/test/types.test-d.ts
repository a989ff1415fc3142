import type { TokenStore } from '@x/core';
import { createClient, createCluster } from 'redis';
import { expectTypeOf, test } from 'vitest';
import type { EncryptionOptions, RedisTokenStore, RedisTokenStoreOptions } from '../src/index.js';

test('RedisTokenStore is a TokenStore', () => {
  expectTypeOf<RedisTokenStore>().toMatchTypeOf<TokenStore>();
  expectTypeOf<RedisTokenStore['prefix']>().toBeString();
});

test('client takes a node-redis client or cluster client, as createClient and createCluster type them', () => {
  expectTypeOf(createClient()).toMatchTypeOf<NonNullable<RedisTokenStoreOptions['client']>>();
  expectTypeOf(createCluster({ rootNodes: [] })).toMatchTypeOf<
    NonNullable<RedisTokenStoreOptions['client']>
  >();
  expectTypeOf(createCluster({ rootNodes: [], RESP: 2 })).toMatchTypeOf<
    NonNullable<RedisTokenStoreOptions['client']>
  >();
  expectTypeOf<string>().not.toMatchTypeOf<NonNullable<RedisTokenStoreOptions['client']>>();
});

test('an encryption key is bytes or a string; previousKeys is optional', () => {
  expectTypeOf<{ key: Buffer }>().toMatchTypeOf<EncryptionOptions>();
  expectTypeOf<{ key: string; previousKeys: string[] }>().toMatchTypeOf<EncryptionOptions>();
  expectTypeOf<{ previousKeys: string[] }>().not.toMatchTypeOf<EncryptionOptions>();
});
