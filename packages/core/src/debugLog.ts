// `NODE_DEBUG=x-auth` (Node's `util.debuglog` convention): a subscriber to the diagnostics channels, as
// undici's debug output is to its own, so that what it prints and what APM agents see are one stream.
import { subscribe, tracingChannel } from 'node:diagnostics_channel';
import type { CHANNELS } from './channels.js';
import type { RequestEnd, RequestFailure } from './diagnostics.js';
import { ProviderError } from './errors.js';
import type { LifecycleEvent } from './token/lifecycleEvents.js';

/**
 * Print one `NODE_DEBUG=x-auth` line on stderr (`util.debuglog('x-auth')`, the only one in the `@x/*`
 * packages), for what a package does without telling its caller and publishes on no channel. Channel
 * events (requests, token events, unreadable records) print themselves. Never pass it a secret.
 */
// `node:util` by its CommonJS exports: an ES import of it evaluates every lazy export (worker_threads
// among them), ~20 ms of a cold start
export const debugLog = process.getBuiltinModule('node:util').debuglog('x-auth');

/** What the caller was told of a failure: our errors are scrubbed when built; any other shows its name only. */
function failureText(error: unknown): string {
  if (error instanceof ProviderError) return error.message;
  return error instanceof Error ? error.name : 'error';
}

/** The line for a request that has ended, well or not: `clickatell-soap soap auth http://…/soap 12ms`. */
export function requestLine(context: RequestEnd | RequestFailure): string {
  const call = `${context.provider} ${context.transport} ${context.operation} ${context.url}`;
  const took = `${Math.round(context.durationMs)}ms`;
  if ('error' in context) return `${call} failed: ${failureText(context.error)} ${took}`;
  return `${call}${context.status ? ` ${context.status}` : ''} ${took}`;
}

/** The line for a token lifecycle event: `sbt token refreshed 9f86d081 (ahead)`. */
export function tokenLine(event: LifecycleEvent): string {
  const token = event.token ? ` ${event.token}` : '';
  return `${event.provider} token ${event.type}${token}${event.reason ? ` (${event.reason})` : ''}`;
}

/** The line for a Redis record that `@x/token-store-redis` could not use (its `UnreadableRecord`). */
export function unreadableLine(record: {
  readonly key: string;
  readonly reason: string;
  readonly keyId?: string;
}): string {
  const keyId = record.keyId ? `, key id ${record.keyId}` : '';
  return `token-store-redis: record ${record.key} unreadable (${record.reason}${keyId}); treated as absent`;
}

/**
 * Print every event of `channels` while `NODE_DEBUG` names `x-auth`; otherwise subscribe to nothing, so that
 * the channels keep their fast path (no subscriber, nothing built). Called once, as the table loads.
 */
export function subscribeDebugLog(channels: typeof CHANNELS): void {
  if (!debugLog.enabled) return;
  tracingChannel(channels.request).asyncEnd.subscribe((context) =>
    debugLog('%s', requestLine(context as RequestEnd | RequestFailure)),
  );
  subscribe(channels.token, (event) => debugLog('%s', tokenLine(event as LifecycleEvent)));
  subscribe(channels.redisUnreadable, (record) =>
    debugLog('%s', unreadableLine(record as Parameters<typeof unreadableLine>[0])),
  );
}
