import { MemoryTokenStore, type StoredToken, type TokenStore } from '../src/index.js';
import type { ManualClock } from '../src/testing/index.js';

/** What a {@link recordingStore} was asked to do, in order. */
export interface StoreCalls {
  set: { value: string; ttlMs: number | undefined }[];
  extend: { value: string; expiresAt: number; ttlMs: number }[];
  delete: { onlyIfValue: string | undefined }[];
  lock: number;
  get: number;
}

/**
 * A `MemoryTokenStore` that records every call. `watch: false` and `extend: false` leave those optional
 * methods out, so that a manager's fallback paths (polling, first expiry) are tested on their own.
 */
export function recordingStore(
  options: { clock?: ManualClock; watch?: boolean; extend?: boolean; lockHeld?: boolean } = {},
) {
  const inner = new MemoryTokenStore(options.clock ? { clock: options.clock } : {});
  const calls: StoreCalls = { set: [], extend: [], delete: [], lock: 0, get: 0 };
  const store: TokenStore = {
    get: (key) => {
      calls.get++;
      return inner.get(key);
    },
    set: (key, token: StoredToken, ttlMs) => {
      calls.set.push({ value: token.value, ttlMs });
      return inner.set(key, token, ttlMs);
    },
    delete: (key, onlyIfValue) => {
      calls.delete.push({ onlyIfValue });
      return inner.delete(key, onlyIfValue);
    },
    lock: (key, ttlMs) => {
      calls.lock++;
      return options.lockHeld ? Promise.resolve(undefined) : inner.lock(key, ttlMs);
    },
    ...(options.extend === false
      ? {}
      : {
          extend: (key: string, value: string, expiresAt: number, ttlMs: number) => {
            calls.extend.push({ value, expiresAt, ttlMs });
            return inner.extend(key, value, expiresAt, ttlMs);
          },
        }),
    ...(options.watch === false ? {} : { watch: inner.watch.bind(inner) }),
  };
  return { store, inner, calls };
}
