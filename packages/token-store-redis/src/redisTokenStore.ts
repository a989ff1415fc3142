import { randomBytes } from 'node:crypto';
import {
  type StoreChange,
  type StoredToken,
  type TokenLock,
  type TokenStore,
  TransportError,
  ValidationError,
} from '@x/core';
import { createClient, type RedisClientType, type RedisClusterType } from 'redis';
import { EncryptedCodec, type EncryptionOptions } from './encryption.js';
import { checkPrefix, credentialKeys } from './keyLayout.js';
import { PROVIDER } from './provider.js';
import { plainCodec, type RecordCodec } from './recordCodec.js';
import { DELETE_IF_EQUAL, EXTEND_IF_EQUAL, REPLACE_IF_EQUAL } from './scripts.js';
import { reportUnreadable } from './unreadableRecords.js';

/**
 * A node-redis client with any modules, functions, scripts and protocol.
 * @inline
 */
type AnyRedisClient = RedisClientType<any, any, any, any, any>;
/**
 * A node-redis cluster client (`createCluster`): the store sends it the same commands as a single-node client.
 * @inline
 */
type AnyRedisCluster = Pick<
  RedisClusterType<any, any, any, any, any>,
  'get' | 'set' | 'del' | 'eval' | 'publish'
>;

/** Which Redis a {@link RedisTokenStore} uses (give `client` or `url`), and its key prefix and timeout. */
export interface RedisTokenStoreOptions {
  /**
   * An existing node-redis client (connected or not), or a cluster client from `createCluster` (connect
   * it yourself). The store does not close it.
   */
  client?: AnyRedisClient | AnyRedisCluster;
  /** Or a URL (`redis://127.0.0.1:6379`); the store creates, connects and (on `close()`) closes its client. */
  url?: string;
  /** Prefix of every key; default `x-auth:`. No `{` or `}`: the store adds the hash tag itself. */
  prefix?: string;
  /** Longest wait for Redis on any operation; default 2 s. Past it: `TransportError`. */
  timeoutMs?: number;
  /**
   * Encrypt token records at rest with AES-256-GCM under your key (off by default: see the README).
   * With it on, plaintext records are treated as absent.
   */
  encryption?: EncryptionOptions;
}

/**
 * A `TokenStore` on Redis, a single node or a Cluster: token records with TTLs, and a refresh lock
 * (`SET NX PX` + holder-checked release) so that processes and machines sharing it refresh once. Keys
 * are the manager's keys (provider, endpoint, hash of the credential) under `prefix`, as a hash tag:
 * never a raw secret. With `encryption`, records are sealed with AES-256-GCM; a record that does not
 * open (altered, or under a key the store does not have) is treated as absent, so the token is issued
 * anew, and is reported on the `x-auth:redis:unreadable` diagnostics channel.
 */
export class RedisTokenStore implements TokenStore {
  /** The prefix of every key this store writes. */
  readonly prefix: string;
  readonly #timeoutMs: number;
  readonly #client: AnyRedisClient;
  readonly #owned: boolean;
  readonly #codec: RecordCodec;
  #connecting: Promise<unknown> | undefined;
  /** Listeners of `watch()`, by key; one subscription (its own connection) serves them all. */
  readonly #watchers = new Map<string, Set<(change: StoreChange) => void>>();
  #subscriber: Promise<AnyRedisClient | undefined> | undefined;

  constructor(options: RedisTokenStoreOptions) {
    if (!options.client && !options.url)
      throw new ValidationError('client or url is required', { provider: PROVIDER, field: 'url' });
    this.prefix = checkPrefix(options.prefix ?? 'x-auth:');
    this.#codec = options.encryption === undefined ? plainCodec : new EncryptedCodec(options.encryption);
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#owned = !options.client;
    this.#client =
      // a cluster client is never owned: the store only sends it get, set, del and eval, as to a single node
      (options.client as AnyRedisClient | undefined) ??
      (createClient({
        url: options.url,
        // fail fast while disconnected instead of queueing commands forever
        disableOfflineQueue: true,
        socket: {
          connectTimeout: this.#timeoutMs,
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
        },
      }) as AnyRedisClient);
    // a client without an error listener crashes the process when Redis goes away
    if (this.#owned) this.#client.on('error', () => undefined);
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const { record } = credentialKeys(this.prefix, key);
    const raw = await this.#run('get', (c) => c.get(record));
    if (typeof raw !== 'string') return undefined;
    const decoded = this.#codec.decode(record, raw);
    if ('unreadable' in decoded) {
      reportUnreadable({ key, reason: decoded.unreadable, keyId: decoded.keyId });
      return undefined;
    }
    // sealed under a previous key: re-seal under the current one, unless someone wrote a newer record
    if (decoded.reseal)
      await this.#run('reseal', (c) =>
        c.eval(REPLACE_IF_EQUAL, {
          keys: [record],
          arguments: [raw, this.#codec.encode(record, decoded.token)],
        }),
      ).catch(() => undefined); // the token was read; the next read tries again
    return decoded.token;
  }

  async set(key: string, token: StoredToken, ttlMs?: number): Promise<void> {
    const { record } = credentialKeys(this.prefix, key);
    const value = this.#codec.encode(record, token);
    const ttl =
      ttlMs === undefined
        ? {}
        : { expiration: { type: 'PX' as const, value: Math.max(1, Math.ceil(ttlMs)) } };
    await this.#run('set', (c) => c.set(record, value, ttl));
    this.#publish(key, 'set');
  }

  /**
   * Tell `listener` when another process (or this one) sets or deletes the record of `key`: Redis
   * pub/sub on `<prefix>changes`, messages `{"key","type"}` that never hold a token. If the subscription
   * cannot be made, managers fall back to polling.
   */
  watch(key: string, listener: (change: StoreChange) => void): () => void {
    // on a cluster client, managers poll: pub/sub there is not covered by tests yet
    if ('slots' in this.#client) return () => undefined;
    let listeners = this.#watchers.get(key);
    if (!listeners) this.#watchers.set(key, (listeners = new Set()));
    listeners.add(listener);
    this.#subscriber ??= this.#subscribe();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#watchers.get(key) === listeners) this.#watchers.delete(key);
    };
  }

  get #channel(): string {
    return `${this.prefix}changes`;
  }

  /** One more connection, subscribed to the change channel; `undefined` when that fails. */
  async #subscribe(): Promise<AnyRedisClient | undefined> {
    try {
      await this.#ready();
      const subscriber = this.#client.duplicate();
      subscriber.on('error', () => undefined);
      await subscriber.connect();
      await subscriber.subscribe(this.#channel, (message: string) => {
        let change: StoreChange;
        try {
          change = JSON.parse(message) as StoreChange;
        } catch {
          return;
        }
        for (const listener of this.#watchers.get(change.key) ?? []) listener(change);
      });
      return subscriber;
    } catch {
      return undefined;
    }
  }

  /** Tell the other processes (best effort: a lost message only means they find out on their next read). */
  #publish(key: string, type: StoreChange['type']): void {
    this.#run('publish', (c) => c.publish(this.#channel, JSON.stringify({ key, type }))).catch(
      () => undefined,
    );
  }

  /** Move the record's expiry (a sliding session used again) while it still holds `value`. */
  async extend(key: string, value: string, expiresAt: number, ttlMs: number): Promise<void> {
    const { record } = credentialKeys(this.prefix, key);
    const held = await this.#holding('extend', record, value);
    if (!held) return;
    const extended = this.#codec.encode(record, { ...held.token, expiresAt });
    await this.#run('extend', (c) =>
      c.eval(EXTEND_IF_EQUAL, {
        keys: [record],
        arguments: [held.raw, extended, String(Math.max(1, Math.ceil(ttlMs)))],
      }),
    );
  }

  async delete(key: string, onlyIfValue?: string): Promise<void> {
    const { record } = credentialKeys(this.prefix, key);
    if (onlyIfValue === undefined) {
      if (Number(await this.#run('delete', (c) => c.del(record))) > 0) this.#publish(key, 'delete');
      return;
    }
    const held = await this.#holding('delete', record, onlyIfValue);
    if (!held) return;
    const deleted = await this.#run('delete', (c) =>
      c.eval(DELETE_IF_EQUAL, { keys: [record], arguments: [held.raw] }),
    );
    if (deleted === 1) this.#publish(key, 'delete');
  }

  /**
   * The record's exact bytes and token while it holds `value`: compared in Node (Lua cannot open a sealed
   * record), so that the script that follows changes only those exact bytes.
   */
  async #holding(what: string, record: string, value: string) {
    const raw = await this.#run(what, (c) => c.get(record));
    if (typeof raw !== 'string') return undefined;
    const decoded = this.#codec.decode(record, raw);
    return 'token' in decoded && decoded.token.value === value ? { raw, token: decoded.token } : undefined;
  }

  async lock(key: string, ttlMs: number): Promise<TokenLock | undefined> {
    const { lock } = credentialKeys(this.prefix, key);
    const holder = randomBytes(16).toString('hex');
    const taken = await this.#run('lock', (c) =>
      c.set(lock, holder, {
        condition: 'NX',
        expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
      }),
    );
    if (taken !== 'OK') return undefined;
    return {
      release: async () => {
        await this.#run('unlock', (c) => c.eval(DELETE_IF_EQUAL, { keys: [lock], arguments: [holder] }));
      },
    };
  }

  /** Close the client the store created (a client you passed in stays yours), and its subscription. */
  async close(): Promise<void> {
    // a subscription still being made is not waited for longer than any other Redis call
    let timer: NodeJS.Timeout | undefined;
    const subscriber = await Promise.race([
      this.#subscriber,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), this.#timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.#subscriber = undefined;
    if (subscriber?.isOpen) await subscriber.close().catch(() => subscriber.destroy());
    if (!this.#owned || !this.#client.isOpen) return;
    if (this.#client.isReady) await this.#client.close();
    else this.#client.destroy(); // still (re)connecting: stop trying
  }

  /** `await using store = new RedisTokenStore({ url })` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Run one command within the timeout; any failure becomes a `TransportError`. */
  async #run<T>(what: string, command: (client: AnyRedisClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TransportError(`redis ${what}: no answer within ${this.#timeoutMs} ms`, {
              provider: PROVIDER,
              retryable: true,
            }),
          ),
        this.#timeoutMs,
      );
      // not unref'd: the caller awaits this command, so its deadline holds the process (cleared below)
    });
    try {
      return await Promise.race([this.#ready().then(() => command(this.#client)), deadline]);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      throw new TransportError(`redis ${what} failed`, { provider: PROVIDER, retryable: true, cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  #ready(): Promise<unknown> {
    if (this.#connecting) return this.#connecting; // first connection under way: wait for it
    // an open client is ready, or reconnecting after a drop and failing commands at once (no offline queue)
    if (this.#client.isOpen || !this.#owned) return Promise.resolve();
    this.#connecting = this.#client.connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }
}
