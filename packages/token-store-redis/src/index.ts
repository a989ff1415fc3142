export { RedisTokenStore, type RedisTokenStoreOptions } from './redisTokenStore.js';
