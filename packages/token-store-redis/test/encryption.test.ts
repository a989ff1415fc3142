import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { inspect, promisify } from 'node:util';
import { credentialKey, type StoredToken, ValidationError } from '@x/core';
import { describeTokenStore } from '@x/core/testing/vitest';
import { SEEDED, startEmulator } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyId, RedisTokenStore, UNREADABLE_RECORD_CHANNEL, type UnreadableRecord } from '../src/index.js';
import { readmeExample, runExample } from './readmeExamples.js';
import { type RedisServer, startRedis } from './redisServer.js';

const run = promisify(execFile);
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const cli = async (...args: string[]) =>
  (await run('redis-cli', ['-p', String(redis.port), ...args])).stdout.replace(/\n$/, '');
const token = (value: string): StoredToken => ({ value, issuedAt: 1, expiresAt: null });
const newKey = () => randomBytes(32);
const uniquePrefix = (name: string) => `${name}-${randomBytes(4).toString('hex')}:`;

/** Run `fn`, returning what the store reported on the unreadable-record channel meanwhile. */
async function reported(fn: () => Promise<unknown>): Promise<UnreadableRecord[]> {
  const seen: UnreadableRecord[] = [];
  const listener = (message: unknown) => seen.push(message as UnreadableRecord);
  subscribe(UNREADABLE_RECORD_CHANNEL, listener);
  try {
    await fn();
  } finally {
    unsubscribe(UNREADABLE_RECORD_CHANNEL, listener);
  }
  return seen;
}

describeTokenStore('redis, encrypted', async () => {
  const store = new RedisTokenStore({
    url: redis.url,
    prefix: uniquePrefix('conformance-enc'),
    encryption: { key: newKey() },
  });
  return { store, cleanup: () => store.close() };
});

describe('RedisTokenStore encryption at rest', () => {
  it('what lands in Redis holds no byte of the token: redis-cli GET shows a sealed record', async () => {
    const key = newKey();
    const emulator = await startEmulator();
    const store = new RedisTokenStore({ url: redis.url, prefix: 'sealed:', encryption: { key } });
    try {
      const apiKey = SEEDED.sbt.keys.never;
      const issued = await new SbtClient({
        apiKey,
        baseUrl: emulator.url,
        tokenExpiry: 'never',
        store,
      }).securityToken();
      const recordKey = `sealed:{${credentialKey('sbt', `${emulator.url}/`, apiKey)}}`;
      expect(await cli('--scan', '--pattern', 'sealed:*')).toBe(recordKey);
      const raw = await cli('GET', recordKey);
      for (const form of [
        issued,
        Buffer.from(issued).toString('base64'),
        Buffer.from(issued).toString('hex'),
      ])
        expect(raw).not.toContain(form);
      const record = JSON.parse(raw) as Record<string, string>;
      expect(Object.keys(record).sort()).toEqual(['data', 'enc', 'iv', 'kid', 'tag']);
      expect(record.enc).toBe('A256GCM');
      expect(record.kid).toBe(keyId(key));
      expect(Buffer.from(record.iv!, 'base64')).toHaveLength(12);
      expect(Buffer.from(record.tag!, 'base64')).toHaveLength(16);
      // a fresh IV per record: the same token written twice is two different ciphertexts
      const manager = credentialKey('sbt', `${emulator.url}/`, apiKey);
      await store.set(manager, (await store.get(manager))!);
      const again = JSON.parse(await cli('GET', recordKey)) as Record<string, string>;
      expect(again.iv).not.toBe(record.iv);
      expect(again.data).not.toBe(record.data);
      expect((await store.get(manager))?.value).toBe(issued);
      // the key is in no printout of the store
      const printed = inspect(store, { depth: 10, showHidden: true });
      for (const form of [key.toString('hex'), key.toString('base64')]) expect(printed).not.toContain(form);
    } finally {
      await store.close();
      await emulator.close();
    }
  });

  it('a tampered record is treated as absent and reported; the client issues a new token and it opens again', async () => {
    const emulator = await startEmulator();
    const store = new RedisTokenStore({ url: redis.url, prefix: 'tamper:', encryption: { key: newKey() } });
    try {
      const apiKey = SEEDED.sbt.keys.never;
      const client = () => new SbtClient({ apiKey, baseUrl: emulator.url, tokenExpiry: 'never', store });
      const first = await client().securityToken();
      const manager = credentialKey('sbt', `${emulator.url}/`, apiKey);
      const recordKey = `tamper:{${manager}}`;
      const record = JSON.parse(await cli('GET', recordKey)) as Record<string, string>;
      const data = Buffer.from(record.data!, 'base64');
      data[0]! ^= 0x01; // one bit of the ciphertext
      await cli('SET', recordKey, JSON.stringify({ ...record, data: data.toString('base64') }));

      const before = emulator.counters('sbt').auth;
      let second = '';
      const seen = await reported(async () => {
        second = await client().securityToken(); // a new client: nothing cached, reads the store
      });
      // once per read: the manager looks before it takes the refresh lock, and again under it
      expect(seen.length).toBeGreaterThan(0);
      for (const report of seen)
        expect(report).toEqual({ key: manager, reason: 'authentication-failed', keyId: record.kid });
      expect(emulator.counters('sbt').auth - before).toBe(1);
      expect(second).not.toBe(first);
      expect((await store.get(manager))?.value).toBe(second);

      // a sealed record copied under another credential's key does not open there either (the key is bound in)
      await cli('SET', 'tamper:{other}', await cli('GET', recordKey));
      expect(await reported(async () => expect(await store.get('other')).toBeUndefined())).toEqual([
        { key: 'other', reason: 'authentication-failed', keyId: record.kid },
      ]);
    } finally {
      await store.close();
      await emulator.close();
    }
  });

  it('rotation: written under key A, read with key B + previousKeys [A], re-sealed under B at once', async () => {
    const [a, b] = [newKey(), newKey()];
    const prefix = uniquePrefix('rotate');
    const underA = new RedisTokenStore({ url: redis.url, prefix, encryption: { key: a } });
    const rotated = new RedisTokenStore({
      url: redis.url,
      prefix,
      encryption: { key: b, previousKeys: [a] },
    });
    const onlyB = new RedisTokenStore({ url: redis.url, prefix, encryption: { key: b.toString('base64') } });
    try {
      await underA.set('k', { value: 'tok-rotated', issuedAt: 7, expiresAt: 9_000_000_000_000 }, 60_000);
      const kid = async () => (JSON.parse(await cli('GET', `${prefix}{k}`)) as { kid: string }).kid;
      expect(await kid()).toBe(keyId(a));

      expect(await rotated.get('k')).toEqual({
        value: 'tok-rotated',
        issuedAt: 7,
        expiresAt: 9_000_000_000_000,
      });
      expect(await kid()).toBe(keyId(b));
      const ttl = Number(await cli('PTTL', `${prefix}{k}`));
      expect(ttl).toBeGreaterThan(50_000); // re-sealing kept the record's TTL
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect((await onlyB.get('k'))?.value).toBe('tok-rotated'); // key A can now be retired

      // a store that lacks the key a record names treats it as absent, and says which key id it met
      expect(await reported(async () => expect(await underA.get('k')).toBeUndefined())).toEqual([
        { key: 'k', reason: 'unknown-key', keyId: keyId(b) },
      ]);
    } finally {
      await Promise.all([underA.close(), rotated.close(), onlyB.close()]);
    }
  });

  it('encryption on ignores plaintext records, and a store without it ignores sealed ones', async () => {
    const prefix = uniquePrefix('mixed');
    const plain = new RedisTokenStore({ url: redis.url, prefix });
    const sealed = new RedisTokenStore({ url: redis.url, prefix, encryption: { key: newKey() } });
    try {
      await plain.set('p', token('tok-plain'));
      await sealed.set('s', token('tok-sealed'));
      const seen = await reported(async () => {
        expect(await sealed.get('p')).toBeUndefined();
        expect(await plain.get('s')).toBeUndefined();
      });
      expect(seen).toEqual([
        { key: 'p', reason: 'plaintext', keyId: undefined },
        { key: 's', reason: 'encrypted', keyId: expect.stringMatching(/^[0-9a-f]{8}$/) },
      ]);
      // the manager's compare-and-delete never removes a record it cannot read
      await sealed.delete('p', 'tok-plain');
      expect((await plain.get('p'))?.value).toBe('tok-plain');
    } finally {
      await Promise.all([plain.close(), sealed.close()]);
    }
  });

  it('a key is 32 bytes given as bytes, hex or base64; anything else is a ValidationError naming the field', () => {
    const bytes = newKey();
    const ids = [
      bytes,
      new Uint8Array(bytes),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      bytes.toString('base64'),
      bytes.toString('base64url'),
    ].map((key) => keyId(key));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}$/);

    const secret = randomBytes(16).toString('hex'); // 32 hex characters: 16 bytes, too short
    const cases: [unknown, string][] = [
      [{ key: secret }, 'encryption.key'],
      [{ key: randomBytes(31) }, 'encryption.key'],
      [{ key: randomBytes(24).toString('base64') }, 'encryption.key'],
      [{ key: `${bytes.toString('hex')}\n` }, 'encryption.key'],
      [{ key: 42 }, 'encryption.key'],
      [{}, 'encryption.key'],
      [{ key: bytes, previousKeys: [newKey(), secret] }, 'encryption.previousKeys[1]'],
      [{ key: bytes, previousKeys: secret }, 'encryption.previousKeys'],
      ['not an object', 'encryption'],
    ];
    for (const [encryption, field] of cases) {
      const error = (() => {
        try {
          new RedisTokenStore({ url: 'redis://127.0.0.1:1', encryption: encryption as never });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).not.toContain(secret);
    }
    // the same key twice (current and previous) is fine
    expect(
      () =>
        new RedisTokenStore({
          url: 'redis://127.0.0.1:1',
          encryption: { key: bytes, previousKeys: [bytes] },
        }),
    ).not.toThrow();
  });

  it('the README examples run: a store with encryption, and a listener for unreadable records', async () => {
    const key = newKey().toString('base64');
    const emulator = await startEmulator();
    try {
      const env = { REDIS_URL: redis.url, TOKEN_STORE_KEY: key, SBT_API_KEY: SEEDED.sbt.keys.never };
      const example = await runExample(
        await readmeExample('encryption: { key: process.env'),
        env,
        emulator.url,
      );
      expect(example.stdout).toBe('true\n');
      const recordKey = `x-auth:{${credentialKey('sbt', `${emulator.url}/`, SEEDED.sbt.keys.never)}}`;
      expect(JSON.parse(await cli('GET', recordKey))).toMatchObject({ enc: 'A256GCM', kid: keyId(key) });

      // the listener, then a read of a record sealed under another key
      const other = new RedisTokenStore({ url: redis.url, encryption: { key: newKey() } });
      await other.set('readme-unreadable', token('tok'));
      await other.close();
      const listener = await readmeExample('subscribe(UNREADABLE_RECORD_CHANNEL');
      const read = `
import { RedisTokenStore as Store } from '@x/token-store-redis';
const store = new Store({ url: process.env.REDIS_URL!, encryption: { key: process.env.TOKEN_STORE_KEY! } });
console.log(await store.get('readme-unreadable'));
await store.close();
`;
      const { stdout, stderr } = await runExample(listener + read, env);
      expect(stdout).toBe('undefined\n');
      expect(stderr).toMatch(
        /^token record readme-unreadable unreadable \(unknown-key, key [0-9a-f]{8}\): issuing a new token\n$/,
      );
    } finally {
      await emulator.close();
    }
  });
});
