import { ValidationError } from '@x/core';
import { PROVIDER } from './provider.js';

/** The Redis keys of one credential. */
export interface CredentialKeys {
  /** The token record. */
  readonly record: string;
  /** The refresh lock. */
  readonly lock: string;
}

/**
 * `<prefix>{<manager key>}` and `<prefix>lock:{<manager key>}`. Both carry the manager key as a hash tag,
 * so Redis Cluster places a credential's record and lock in one slot (one master): a script or
 * transaction may touch both, and a master that goes away takes a credential whole, never half of it.
 * A single node ignores the braces.
 */
export function credentialKeys(prefix: string, key: string): CredentialKeys {
  return { record: `${prefix}{${key}}`, lock: `${prefix}lock:{${key}}` };
}

/** A prefix with braces would move the hash tag onto the prefix (or split it): the store places it itself. */
export function checkPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || /[{}]/.test(prefix))
    throw new ValidationError('prefix must be a string without { or } (the store adds the hash tag)', {
      provider: PROVIDER,
      field: 'prefix',
    });
  return prefix;
}
