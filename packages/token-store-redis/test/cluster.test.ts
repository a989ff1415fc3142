import { randomBytes } from 'node:crypto';
import { credentialKey, never, TokenManager, TransportError } from '@x/core';
import { describeTokenStore } from '@x/core/testing/vitest';
import { SEEDED, startEmulator } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { readmeExample, runExample } from './readmeExamples.js';
import { type RedisCluster, startCluster } from './redisCluster.js';

// the store's timeout, short so that a dead master shows up quickly
const TIMEOUT_MS = 1_000;
// "at once": well under the timeout, with room for a busy machine
const FAST_MS = TIMEOUT_MS / 2;
let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startCluster({ masters: 3, nodeTimeoutMs: 500 });
});
afterAll(() => cluster?.stop());

/** A node-redis cluster client as the README recommends: commands fail fast while a node is away. */
async function connectCluster() {
  const client = createCluster({
    rootNodes: cluster.nodes.map((node) => ({ url: node.url })),
    defaults: {
      disableOfflineQueue: true,
      socket: {
        connectTimeout: TIMEOUT_MS,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500),
      },
    },
  });
  await client.connect();
  return client;
}

const prefix = (name: string) => `${name}-${randomBytes(4).toString('hex')}:`;

describeTokenStore('redis cluster (3 masters)', async () => {
  const client = await connectCluster();
  const store = new RedisTokenStore({ client, prefix: prefix('conformance'), timeoutMs: TIMEOUT_MS });
  return { store, cleanup: () => client.close() };
});

describeTokenStore('redis cluster (3 masters), encrypted', async () => {
  const client = await connectCluster();
  const store = new RedisTokenStore({
    client,
    prefix: prefix('conformance-enc'),
    timeoutMs: TIMEOUT_MS,
    encryption: { key: randomBytes(32) },
  });
  return { store, cleanup: () => client.close() };
});

describe('RedisTokenStore on Redis Cluster', () => {
  it("a credential's record and lock share a hash slot, and credentials spread over the masters", async () => {
    const client = await connectCluster();
    const store = new RedisTokenStore({ client, prefix: 'slots:', timeoutMs: TIMEOUT_MS });
    try {
      const masters = new Set<number>();
      for (let i = 0; masters.size < 3 && i < 100; i++) {
        const key = credentialKey('sbt', 'https://example.test/', `api-key-${i}`);
        const lock = await store.lock(key, 5_000);
        await store.set(key, { value: `tok-${i}`, issuedAt: 1, expiresAt: null });
        const [recordSlot, lockSlot] = await Promise.all(
          [`slots:{${key}}`, `slots:lock:{${key}}`].map((k) =>
            cluster.cli(cluster.nodes[0]!.port, 'cluster', 'keyslot', k),
          ),
        );
        expect(lockSlot).toBe(recordSlot);
        // both keys are on the master that owns the slot (no MOVED, no CROSSSLOT)
        const master = await cluster.masterOf(`slots:{${key}}`);
        expect(await cluster.cli(master, 'exists', `slots:{${key}}`, `slots:lock:{${key}}`)).toBe('2');
        masters.add(master);
        await lock!.release();
      }
      expect(masters.size).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('the README example runs against the cluster, and leaves a sealed record on the master of its slot', async () => {
    const emulator = await startEmulator();
    try {
      const env = {
        REDIS_CLUSTER_URLS: cluster.nodes.map((node) => node.url).join(','),
        TOKEN_STORE_KEY: randomBytes(32).toString('hex'),
        SBT_API_KEY: SEEDED.sbt.keys.never,
      };
      const { stdout } = await runExample(await readmeExample('createCluster({'), env, emulator.url);
      expect(stdout).toBe('true\n');
      const recordKey = `x-auth:{${credentialKey('sbt', `${emulator.url}/`, SEEDED.sbt.keys.never)}}`;
      const raw = await cluster.cli(await cluster.masterOf(recordKey), 'get', recordKey);
      expect(JSON.parse(raw)).toMatchObject({ enc: 'A256GCM' });
    } finally {
      await emulator.close();
    }
  });

  it('a master killed (SIGKILL) mid-refresh: a TransportError within the timeout, never a hang; the other masters serve on', async () => {
    const emulator = await startEmulator();
    const client = await connectCluster();
    const store = new RedisTokenStore({ client, prefix: 'kill:', timeoutMs: TIMEOUT_MS });
    // node-redis defaults (offline queue on): commands for a dead node wait in the queue
    const queueing = createCluster({ rootNodes: cluster.nodes.map((node) => ({ url: node.url })) });
    queueing.on('error', () => undefined);
    await queueing.connect();
    const queueingStore = new RedisTokenStore({ client: queueing, prefix: 'kill:', timeoutMs: TIMEOUT_MS });
    const setConfig = (ports: number[], name: string, value: string) =>
      Promise.all(ports.map((port) => cluster.cli(port, 'config', 'set', name, value)));
    try {
      const apiKey = SEEDED.sbt.keys.never;
      const key = credentialKey('sbt', `${emulator.url}/`, apiKey);
      const victim = await cluster.masterOf(`kill:{${key}}`);
      const survivors = cluster.nodes.map((node) => node.port).filter((port) => port !== victim);
      const others = await keysOn(survivors, 'kill:');
      let issued = 0;
      const manager = (k: string) =>
        new TokenManager({
          provider: 'test',
          key: k,
          policy: never,
          store,
          issue: async () => `tok-${++issued}`,
        });
      // the others flag a silent master after cluster-node-timeout: hold that off until step 3
      await setConfig(survivors, 'cluster-node-timeout', '10000');

      // node-soap loads on a process's first SOAP call (hundreds of ms while other tasks load the machine):
      // pay that here, against a closed port, not inside the timed refresh below
      await new SbtClient({ apiKey: 'warm-up', baseUrl: 'http://127.0.0.1:9/' })
        .authenticateApiKey()
        .catch(() => undefined);

      // 1. the auth call takes 400 ms; the master dies while this process holds the lock and waits for it
      emulator.inject('sbt', { type: 'delay', ms: 400 });
      const sbt = new SbtClient({ apiKey, baseUrl: emulator.url, tokenExpiry: 'never', store });
      const refresh = timed(() => sbt.securityToken());
      while ((await cluster.cli(victim, 'exists', `kill:lock:{${key}}`)) !== '1')
        await new Promise((resolve) => setTimeout(resolve, 10));
      await cluster.nodes.find((node) => node.port === victim)!.stop(); // SIGKILL
      const { result, ms } = await refresh;
      expect(result).toBeInstanceOf(TransportError); // the token was issued, but could not be stored
      expect(ms).toBeLessThan(400 + TIMEOUT_MS + 500);
      expect(emulator.counters('sbt').auth).toBe(1);

      // 2. not yet flagged: that credential fails at once (no offline queue), or within the store's
      // timeout (node-redis defaults); every other credential is refreshed, locked and read as before
      const queued = timed(() => queueingStore.get(key));
      const down = await timed(() => sbt.securityToken());
      expect(down.result).toBeInstanceOf(TransportError);
      expect(down.ms).toBeLessThan(FAST_MS);
      for (const k of others) {
        expect(await manager(k).get()).toMatch(/^tok-\d+$/);
        expect((await queueingStore.get(k))?.value).toMatch(/^tok-\d+$/);
      }
      const late = await queued;
      expect(late.result).toBeInstanceOf(TransportError);
      expect(late.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(late.ms).toBeLessThan(TIMEOUT_MS + FAST_MS);

      // 3. flagged: under Redis's default cluster-require-full-coverage yes, every master answers CLUSTERDOWN
      await setConfig(survivors, 'cluster-node-timeout', '500');
      await cluster.waitForState('fail', survivors, 5_000);
      for (const k of others) {
        const refused = await timed(() => store.get(k));
        expect(refused.result).toBeInstanceOf(TransportError);
        expect(refused.ms).toBeLessThan(FAST_MS);
      }

      // 4. with cluster-require-full-coverage no, the survivors serve their own slots again
      await setConfig(survivors, 'cluster-require-full-coverage', 'no');
      await cluster.waitForState('ok', survivors, 5_000);
      for (const k of others) {
        expect((await store.get(k))?.value).toMatch(/^tok-\d+$/);
        const lock = await store.lock(k, 1_000);
        expect(lock).toBeDefined();
        await lock!.release();
      }
      const dead = await timed(() => sbt.securityToken());
      expect(dead.result).toBeInstanceOf(TransportError);
      expect(dead.ms).toBeLessThan(FAST_MS);
      expect(emulator.counters('sbt').auth).toBe(1); // never an auth without the lock
    } finally {
      client.destroy(); // close() would wait on a node that may be gone
      queueing.destroy();
      await emulator.close();
    }
  }, 20_000);
});

/** How long `call` took to settle, and what it settled with (a value or the error). */
async function timed(call: () => Promise<unknown>): Promise<{ result: unknown; ms: number }> {
  const started = Date.now();
  const result = await call().catch((error: unknown) => error);
  return { result, ms: Date.now() - started };
}

/** One manager key per listed master, its record under `prefix` in that master's slots. */
async function keysOn(ports: number[], prefix: string): Promise<string[]> {
  const found = new Map<number, string>();
  for (let i = 0; found.size < ports.length && i < 100; i++) {
    const key = credentialKey('test', 'https://example.test/', `credential-${i}`);
    const master = await cluster.masterOf(`${prefix}{${key}}`);
    if (ports.includes(master) && !found.has(master)) found.set(master, key);
  }
  expect(found.size).toBe(ports.length);
  return [...found.values()];
}
