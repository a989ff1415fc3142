import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { type StoredToken, ValidationError } from '@x/core';
import { PROVIDER } from './provider.js';
import { type Decoded, isSealed, parseJson, type RecordCodec, tokenFrom, tokenJson } from './recordCodec.js';

/** A 32-byte AES-256 key: the bytes, or the same bytes as 64 hex characters or as base64 (`openssl rand -base64 32`). */
export type EncryptionKey = Uint8Array | string;

/** Encryption at rest for the token records (AES-256-GCM). */
export interface EncryptionOptions {
  /** Seals every record the store writes, and opens records sealed with it. */
  key: EncryptionKey;
  /**
   * Keys that still open records (key rotation). A record sealed with one of them is read, and re-sealed
   * under `key` at once.
   */
  previousKeys?: readonly EncryptionKey[];
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$|^[A-Za-z0-9_-]{43}$/;

interface Key {
  readonly id: string;
  readonly secret: KeyObject;
}

/**
 * The key id stored in each record sealed with `key`: the first 8 hex characters of the SHA-256 of its
 * 32 bytes (`echo -n "$KEY_BASE64" | base64 -d | sha256sum | cut -c1-8` gives the same).
 */
export function keyId(key: EncryptionKey): string {
  const bytes = keyBytes(key, 'key');
  try {
    return idOf(bytes);
  } finally {
    bytes.fill(0);
  }
}

function idOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

function keyBytes(input: unknown, field: string): Buffer {
  const invalid = (why: string) =>
    new ValidationError(
      `${field} ${why}: give 32 bytes (AES-256) as a Buffer, 64 hex characters or base64 (openssl rand -base64 32)`,
      { provider: PROVIDER, field },
    );
  if (input instanceof Uint8Array) {
    if (input.length !== 32) throw invalid(`is ${input.length} bytes`);
    return Buffer.from(input); // a copy: later changes to the caller's buffer do not reach the store
  }
  if (typeof input !== 'string') throw invalid('is missing or not a key');
  if (HEX_KEY.test(input)) return Buffer.from(input, 'hex');
  if (BASE64_KEY.test(input)) return Buffer.from(input, input.endsWith('=') ? 'base64' : 'base64url');
  throw invalid('is not 32 bytes in hex or base64');
}

/**
 * Seals records as JSON `{ enc: 'A256GCM', kid, iv, tag, data }`: `data` is the token record encrypted
 * with AES-256-GCM under a fresh 12-byte IV, and the Redis key is the additional authenticated data, so a
 * record copied under another credential's key does not open.
 */
export class EncryptedCodec implements RecordCodec {
  readonly #current: Key;
  readonly #keys: ReadonlyMap<string, Key>;

  constructor(options: EncryptionOptions) {
    if (typeof options !== 'object' || options === null)
      throw new ValidationError('encryption must be { key, previousKeys? }', {
        provider: PROVIDER,
        field: 'encryption',
      });
    const previous = options.previousKeys ?? [];
    if (!Array.isArray(previous))
      throw new ValidationError('encryption.previousKeys must be an array of keys', {
        provider: PROVIDER,
        field: 'encryption.previousKeys',
      });
    const entries = [
      [options.key, 'encryption.key'] as const,
      ...previous.map((key, i) => [key, `encryption.previousKeys[${i}]`] as const),
    ];
    const keys = new Map<string, Key>();
    for (const [input, field] of entries) {
      const bytes = keyBytes(input, field);
      const id = idOf(bytes);
      const known = keys.get(id);
      if (known && !bytes.equals(known.secret.export()))
        throw new ValidationError(`${field} has the same key id as another key: generate a new key`, {
          provider: PROVIDER,
          field,
        });
      if (!known) keys.set(id, { id, secret: createSecretKey(bytes) });
      bytes.fill(0);
    }
    this.#keys = keys;
    this.#current = keys.values().next().value as Key;
  }

  /** Id of the key new records are sealed with. */
  get keyId(): string {
    return this.#current.id;
  }

  encode(redisKey: string, token: StoredToken): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.secret, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(redisKey));
    const data = Buffer.concat([cipher.update(tokenJson(token), 'utf8'), cipher.final()]);
    return JSON.stringify({
      enc: 'A256GCM',
      kid: this.#current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    });
  }

  decode(redisKey: string, raw: string): Decoded {
    const parsed = parseJson(raw);
    if (!isSealed(parsed)) return { unreadable: tokenFrom(parsed) ? 'plaintext' : 'malformed' };
    const { kid, iv, tag, data } = parsed;
    if (
      typeof kid !== 'string' ||
      typeof iv !== 'string' ||
      typeof tag !== 'string' ||
      typeof data !== 'string'
    )
      return { unreadable: 'malformed' };
    const key = this.#keys.get(kid);
    if (!key) return { unreadable: 'unknown-key', keyId: kid };
    const ivBytes = Buffer.from(iv, 'base64');
    const tagBytes = Buffer.from(tag, 'base64');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES)
      return { unreadable: 'malformed', keyId: kid };
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.secret, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(redisKey));
      decipher.setAuthTag(tagBytes);
      plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return { unreadable: 'authentication-failed', keyId: kid };
    }
    const token = tokenFrom(parseJson(plain));
    return token ? { token, reseal: kid !== this.#current.id } : { unreadable: 'malformed', keyId: kid };
  }
}
