import { randomBytes } from 'node:crypto';
import { type StoredToken, type TokenLock, type TokenStore, TransportError, ValidationError } from '@x/core';
import { createClient, type RedisClientType } from 'redis';

const PROVIDER = 'token-store-redis';

// compare-and-delete: only the holder of a value may remove it
const DELETE_IF_VALUE = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).value == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type AnyRedisClient = RedisClientType<any, any, any, any, any>;

export interface RedisTokenStoreOptions {
  /** An existing node-redis client (connected or not). The store does not close it. */
  client?: AnyRedisClient;
  /** Or a URL (`redis://127.0.0.1:6379`); the store creates, connects and (on `close()`) closes its client. */
  url?: string;
  /** Prefix of every key; default `x-auth:`. */
  prefix?: string;
  /** Longest wait for Redis on any operation; default 2 s. Past it: `TransportError`. */
  timeoutMs?: number;
}

/**
 * A `TokenStore` on Redis: token records with TTLs, and a refresh lock (`SET NX PX` + holder-checked
 * release) so that processes and machines sharing it refresh once. Keys are the manager's keys
 * (provider, endpoint, hash of the credential) under `prefix`: never a raw secret.
 */
export class RedisTokenStore implements TokenStore {
  readonly prefix: string;
  readonly #timeoutMs: number;
  readonly #client: AnyRedisClient;
  readonly #owned: boolean;
  #connecting: Promise<unknown> | undefined;

  constructor(options: RedisTokenStoreOptions) {
    if (!options.client && !options.url)
      throw new ValidationError('client or url is required', { provider: PROVIDER, field: 'url' });
    this.prefix = options.prefix ?? 'x-auth:';
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#owned = !options.client;
    this.#client =
      options.client ??
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
    const raw = await this.#run('get', (c) => c.get(this.prefix + key));
    if (typeof raw !== 'string') return undefined;
    try {
      const parsed = JSON.parse(raw) as StoredToken;
      return typeof parsed.value === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, token: StoredToken, ttlMs?: number): Promise<void> {
    const value = JSON.stringify({
      value: token.value,
      issuedAt: token.issuedAt,
      expiresAt: token.expiresAt,
    });
    const ttl =
      ttlMs === undefined
        ? {}
        : { expiration: { type: 'PX' as const, value: Math.max(1, Math.ceil(ttlMs)) } };
    await this.#run('set', (c) => c.set(this.prefix + key, value, ttl));
  }

  async delete(key: string, onlyIfValue?: string): Promise<void> {
    if (onlyIfValue === undefined) await this.#run('delete', (c) => c.del(this.prefix + key));
    else
      await this.#run('delete', (c) =>
        c.eval(DELETE_IF_VALUE, { keys: [this.prefix + key], arguments: [onlyIfValue] }),
      );
  }

  async lock(key: string, ttlMs: number): Promise<TokenLock | undefined> {
    const lockKey = `${this.prefix}lock:${key}`;
    const holder = randomBytes(16).toString('hex');
    const taken = await this.#run('lock', (c) =>
      c.set(lockKey, holder, {
        condition: 'NX',
        expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
      }),
    );
    if (taken !== 'OK') return undefined;
    return {
      release: async () => {
        await this.#run('unlock', (c) => c.eval(RELEASE_LOCK, { keys: [lockKey], arguments: [holder] }));
      },
    };
  }

  /** Close the client the store created (a client you passed in stays yours). */
  async close(): Promise<void> {
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
      timer.unref();
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
