import { channel } from 'node:diagnostics_channel';
import { CHANNELS } from '@x/core';
import type { UnreadableReason } from './recordCodec.js';

/**
 * `node:diagnostics_channel` name on which the store publishes an {@link UnreadableRecord} each time it
 * finds a record it cannot use (and so treats as absent): `x-auth:redis:unreadable`, `CHANNELS.redisUnreadable`
 * in `@x/core`'s table of every channel. `NODE_DEBUG=x-auth` prints one line per record.
 */
export const UNREADABLE_RECORD_CHANNEL = CHANNELS.redisUnreadable;

/** The payload of {@link UNREADABLE_RECORD_CHANNEL}. Holds no secret. */
export interface UnreadableRecord {
  /** The manager key: provider, endpoint and a hash of the credential. */
  readonly key: string;
  /** Why the record could not be used. */
  readonly reason: UnreadableReason;
  /** The key id named in the record, when it names one. */
  readonly keyId?: string;
}

const unreadable = channel(UNREADABLE_RECORD_CHANNEL);

export function reportUnreadable(record: UnreadableRecord): void {
  if (unreadable.hasSubscribers) unreadable.publish(record);
}
