import type { TokenStore } from '@x/core';

/**
 * `store` with only the four methods every `TokenStore` has: no `extend` and no `watch`. The baseline of
 * the figures that measure them: what processes sharing a store did before.
 */
export const basicStore = (store: TokenStore): TokenStore => ({
  get: (key) => store.get(key),
  set: (key, token, ttlMs) => store.set(key, token, ttlMs),
  delete: (key, value) => store.delete(key, value),
  lock: (key, ttlMs) => store.lock(key, ttlMs),
});
