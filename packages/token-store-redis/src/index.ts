/**
 * {@link RedisTokenStore}: a `TokenStore` on Redis, so every process that shares it holds one token and
 * refreshes it once.
 *
 * @module \@x/token-store-redis
 */
export { type EncryptionKey, type EncryptionOptions, keyId } from './encryption.js';
export type { UnreadableReason } from './recordCodec.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './redisTokenStore.js';
export { UNREADABLE_RECORD_CHANNEL, type UnreadableRecord } from './unreadableRecords.js';
