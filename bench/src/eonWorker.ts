// One process of the Expire-On-New bench: an SbtClient on a shared Redis store, driven by its parent over
// IPC ('call' → one SendMessage), reporting the calls the server rejected and the calls that failed.
import { SbtClient } from '@x/sbt';
import { RedisTokenStore } from '@x/token-store-redis';
import { basicStore } from './basicStore.ts';

const [baseUrl, redisUrl, apiKey, orgCode, prefix, news] = process.argv.slice(2) as string[];
const redis = new RedisTokenStore({ url: redisUrl!, prefix, timeoutMs: 20_000 });
const sbt = new SbtClient({
  apiKey: apiKey!,
  baseUrl: baseUrl!,
  tokenExpiry: 'expire-on-new',
  transport: 'rest',
  store: news === 'news' ? redis : basicStore(redis),
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
