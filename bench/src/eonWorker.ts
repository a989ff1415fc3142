// One process of the Expire-On-New bench: an SbtClient on a shared Redis store, driven by its parent over
// IPC ('call' → one SendMessage), reporting the calls the server rejected and the calls that failed.
import type { TokenStore } from '@x/core';
import { SbtClient } from '@x/sbt';
import { RedisTokenStore } from '@x/token-store-redis';

const [baseUrl, redisUrl, apiKey, orgCode, prefix, news] = process.argv.slice(2) as string[];
const redis = new RedisTokenStore({ url: redisUrl!, prefix, timeoutMs: 20_000 });
/** The same store without `watch`: what processes had before they told each other of new tokens. */
const silent: TokenStore = {
  get: (key) => redis.get(key),
  set: (key, token, ttl) => redis.set(key, token, ttl),
  delete: (key, value) => redis.delete(key, value),
  lock: (key, ttl) => redis.lock(key, ttl),
};
const sbt = new SbtClient({
  apiKey: apiKey!,
  baseUrl: baseUrl!,
  tokenExpiry: 'expire-on-new',
  transport: 'rest',
  store: news === 'news' ? redis : silent,
  timeoutMs: 60_000,
});
const counts = { rejected: 0, failed: 0 };
sbt.on((event) => {
  if (event.type === 'expired' && event.reason === 'server') counts.rejected++;
});
process.on('message', async (message) => {
  if (message === 'call') {
    await sbt
      .sendMessage({ orgCode: orgCode!, message: 'bench', to: ['5551234567'] })
      .catch(() => counts.failed++);
    process.send!(counts);
  } else if (message === 'exit') {
    sbt.close();
    await redis.close();
    process.exit(0);
  }
});
await sbt.securityToken();
process.send!(counts);
