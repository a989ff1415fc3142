import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { credentialKey, TransportError, ValidationError } from '@x/core';
import { describeTokenStore } from '@x/core/testing/vitest';
import { SEEDED, startEmulator } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { startRedis } from './redisServer.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

describeTokenStore('redis', async () => {
  const store = new RedisTokenStore({ url: redis.url, prefix: `conformance-${Math.random()}:` });
  return { store, cleanup: () => store.close() };
});

describe('RedisTokenStore', () => {
  it('await using closes the client the store created', async () => {
    const connected = async () =>
      Number(
        /connected_clients:(\d+)/.exec(
          (await run('redis-cli', ['-p', String(redis.port), 'info', 'clients'])).stdout,
        )?.[1],
      );
    const before = await connected();
    {
      await using store = new RedisTokenStore({ url: redis.url, prefix: `dispose-${Math.random()}:` });
      await store.set('k', { value: 'v', issuedAt: 1, expiresAt: null });
      expect(await connected()).toBe(before + 1);
    }
    expect(await connected()).toBe(before);
  });

  it('keys are the prefix plus the manager key (provider, endpoint, hash) as a hash tag, never the secret', async () => {
    const apiKey = 'canary-sbt-key-0042';
    const emulator = await startEmulator();
    const store = new RedisTokenStore({ url: redis.url, prefix: 'keys-test:' });
    try {
      await new SbtClient({
        apiKey: SEEDED.sbt.keys.never,
        baseUrl: emulator.url,
        tokenExpiry: 'never',
        store,
      }).securityToken();
      await new SbtClient({ apiKey, baseUrl: emulator.url, store }).securityToken().catch(() => undefined);
      const { stdout } = await run('redis-cli', [
        '-p',
        String(redis.port),
        '--scan',
        '--pattern',
        'keys-test:*',
      ]);
      const keys = stdout.trim().split('\n');
      expect(keys).toEqual([
        `keys-test:{${credentialKey('sbt', `${emulator.url}/`, SEEDED.sbt.keys.never)}}`,
      ]);
      expect(keys[0]).toMatch(/^keys-test:\{sbt:http:\/\/127\.0\.0\.1:\d+\/:[0-9a-f]{24}\}$/);
      expect(stdout).not.toContain(SEEDED.sbt.keys.never);
      expect(stdout).not.toContain(apiKey);
    } finally {
      await store.close();
      await emulator.close();
    }
  });

  it('a prefix with { or } is a ValidationError: the store places the hash tag itself', () => {
    for (const prefix of ['{app}:', 'app{', 'app}:']) {
      const error = (() => {
        try {
          new RedisTokenStore({ url: redis.url, prefix });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('prefix');
    }
  });

  it('8 processes × 500 concurrent withToken calls under expire-on-new on an expired token → 1 AuthenticateAPIKey, 0 failures', async () => {
    const emulator = await startEmulator();
    const store = new RedisTokenStore({ url: redis.url, prefix: 'stampede:' });
    const apiKey = SEEDED.sbt.keys['expire-on-new'];
    try {
      // every process starts from a stored token that the server no longer accepts
      const stale = await new SbtClient({ apiKey, baseUrl: emulator.url, store }).securityToken();
      emulator.expireTokens('sbt');
      expect((await store.get(credentialKey('sbt', `${emulator.url}/`, apiKey)))?.value).toBe(stale);
      const before = emulator.counters('sbt').auth;
      const workers = await Promise.all(
        Array.from({ length: 8 }, () =>
          run(process.execPath, [
            fixture('sbtWorker.mjs'),
            emulator.url,
            redis.url,
            'stampede:',
            apiKey,
            SEEDED.sbt.orgCode,
            '500',
          ]),
        ),
      );
      const results = workers.map(
        (w) => JSON.parse(w.stdout) as { ok: number; failed: number; failures: string[] },
      );
      expect(results.flatMap((r) => r.failures)).toEqual([]);
      expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(4_000);
      expect(emulator.counters('sbt').auth - before).toBe(1);
    } finally {
      await store.close();
      await emulator.close();
    }
  }, 90_000);

  it("a lock holder killed mid-refresh: another process refreshes after the lock's expiry", async () => {
    const emulator = await startEmulator();
    const apiKey = SEEDED.sbt.keys['expire-on-new'];
    const store = new RedisTokenStore({ url: redis.url });
    try {
      const key = credentialKey('sbt', `${emulator.url}/`, apiKey);
      const holder = spawn(process.execPath, [fixture('lockHolder.mjs'), redis.url, key, '1500']);
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      holder.kill('SIGKILL');
      const started = Date.now();
      const token = await new SbtClient({ apiKey, baseUrl: emulator.url, store }).securityToken();
      expect(token).toEqual(expect.any(String));
      expect(Date.now() - started).toBeGreaterThan(1_000);
      expect(emulator.counters('sbt').auth).toBe(1);
    } finally {
      await store.close();
      await emulator.close();
    }
  });

  it('Redis stopped → TransportError within the timeout, no hang', async () => {
    const own = await startRedis();
    const store = new RedisTokenStore({ url: own.url, timeoutMs: 500 });
    try {
      await store.set('k', { value: 'v', issuedAt: 1, expiresAt: null });
      await own.stop();
      for (const call of [
        () => store.get('k'),
        () => store.lock('k', 1_000),
        () => store.set('k', { value: 'v', issuedAt: 1, expiresAt: null }),
      ]) {
        const started = Date.now();
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TransportError);
        expect(Date.now() - started).toBeLessThan(1_500);
      }
    } finally {
      await store.close();
    }
  });

  it('Redis never reachable → TransportError within the timeout', async () => {
    const store = new RedisTokenStore({ url: 'redis://127.0.0.1:1', timeoutMs: 300 });
    const started = Date.now();
    await expect(store.get('k')).rejects.toBeInstanceOf(TransportError);
    expect(Date.now() - started).toBeLessThan(1_500);
    await store.close();
  });
});
