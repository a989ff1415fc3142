/** Compare-and-delete: remove a key only while it still holds ARGV[1] (a lock's holder id, a record's exact bytes). */
export const DELETE_IF_EQUAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Compare-and-set, keeping the key's TTL: re-seal a record only while nobody has written a newer one. */
export const REPLACE_IF_EQUAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return 0`;

/** Compare-and-set with a new TTL in ms: move a sliding session's expiry only while the record is unchanged. */
export const EXTEND_IF_EQUAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 0`;
