import { subscribeDebugLog } from './debugLog.js';
import type { RequestContext } from './diagnostics.js';

/**
 * Every `node:diagnostics_channel` name the `@x/*` packages publish on, for APM agents, OpenTelemetry and
 * your own logs: the one table of them (the providers, `@x/cms-auth` and `@x/token-store-redis` import it).
 * No payload ever holds a secret: URLs have no query string, tokens appear only as fingerprints, and
 * errors are our own, scrubbed when built.
 */
export const CHANNELS = {
  /**
   * Requests, on `diagnostics_channel.tracingChannel(CHANNELS.request)`: its channels
   * `tracing:x-auth:request:start`, `…:end`, `…:asyncStart`, `…:asyncEnd` and `…:error` all carry one
   * {@link RequestContext} per request, the same object from start to finish.
   */
  request: 'x-auth:request',
  /** A token lifecycle event: `LifecycleEvent` (issued, used, refreshed, expired, keep-alive, failed). */
  token: 'x-auth:token',
  /**
   * `@x/token-store-redis` found a record it cannot use (and so treats as absent): its `UnreadableRecord`,
   * `{ key, reason, keyId? }`. Here with the others so that one table names every channel and the
   * `NODE_DEBUG=x-auth` subscriber, which lives in core, prints it too.
   */
  redisUnreadable: 'x-auth:redis:unreadable',
} as const;

// `NODE_DEBUG=x-auth`: a subscriber to the channels above, attached here, as the table loads, so that
// it is in place before anything publishes (every publisher imports this table)
subscribeDebugLog(CHANNELS);
