import type { StoredToken } from '@x/core';

/** Why a record in Redis could not be used. It is then treated as absent. */
export type UnreadableReason =
  /** Encrypted under a key id that is neither `encryption.key` nor one of `previousKeys`. */
  | 'unknown-key'
  /** The AES-GCM tag did not match: the record was altered, moved to another key, or sealed with another key. */
  | 'authentication-failed'
  /** Not a record this store writes. */
  | 'malformed'
  /** A plaintext record, read by a store with encryption on. */
  | 'plaintext'
  /** An encrypted record, read by a store without encryption. */
  | 'encrypted';

/** What a record decodes to: a token (and whether to re-seal it under the current key), or why not. */
export type Decoded =
  | { readonly token: StoredToken; readonly reseal: boolean }
  | { readonly unreadable: UnreadableReason; readonly keyId?: string };

/** How token records are written to and read from Redis. */
export interface RecordCodec {
  encode(redisKey: string, token: StoredToken): string;
  decode(redisKey: string, raw: string): Decoded;
}

/** The token's fields, and nothing else. */
export function tokenJson(token: StoredToken): string {
  return JSON.stringify({ value: token.value, issuedAt: token.issuedAt, expiresAt: token.expiresAt });
}

/** A parsed `{ value, issuedAt, expiresAt }`, or `undefined` for anything else. */
export function tokenFrom(parsed: unknown): StoredToken | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { value, issuedAt, expiresAt } = parsed as Record<string, unknown>;
  if (typeof value !== 'string' || typeof issuedAt !== 'number') return undefined;
  if (expiresAt !== null && typeof expiresAt !== 'number') return undefined;
  return { value, issuedAt, expiresAt };
}

export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Is this one of the records {@link EncryptedCodec} writes? */
export function isSealed(parsed: unknown): parsed is Record<string, unknown> {
  return typeof parsed === 'object' && parsed !== null && (parsed as { enc?: unknown }).enc === 'A256GCM';
}

/** The default: the token as JSON `{ value, issuedAt, expiresAt }`. */
export const plainCodec: RecordCodec = {
  encode: (_redisKey, token) => tokenJson(token),
  decode(_redisKey, raw) {
    const parsed = parseJson(raw);
    if (isSealed(parsed)) return { unreadable: 'encrypted', keyId: String(parsed.kid) };
    const token = tokenFrom(parsed);
    return token ? { token, reseal: false } : { unreadable: 'malformed' };
  },
};
