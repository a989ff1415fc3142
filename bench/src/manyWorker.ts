// One process of the many-processes bench: calls through an SbtClient sharing a Redis store.
import { SbtClient } from '@x/sbt';
import { RedisTokenStore } from '@x/token-store-redis';

const [baseUrl, redisUrl, apiKey, orgCode, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const store = new RedisTokenStore({ url: redisUrl, prefix: 'bench:', timeoutMs: 20_000 });
const sbt = new SbtClient({
  apiKey,
  baseUrl,
  tokenExpiry: '1-day',
  transport: 'rest',
  store,
  timeoutMs: 60_000,
});
const results = await Promise.allSettled(
  Array.from({ length: Number(count) }, () =>
    sbt.sendMessage({ orgCode, message: 'bench', to: ['5551234567'] }),
  ),
);
process.stdout.write(JSON.stringify({ failed: results.filter((r) => r.status === 'rejected').length }));
await store.close();
