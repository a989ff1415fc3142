import { channel } from 'node:diagnostics_channel';
import { ProviderError } from './errors.js';
import type { LifecycleEvent } from './token/lifecycleEvents.js';

/**
 * What our clients publish on `node:diagnostics_channel`, for APM agents, OpenTelemetry and your own logs.
 * No payload ever holds a secret: URLs have no query string, tokens appear only as fingerprints, and
 * errors are our own, scrubbed when built.
 */
export const CHANNELS = {
  /** A request leaves: {@link RequestStart}. */
  requestStart: 'x-auth:request:start',
  /** Its answer was read: {@link RequestEnd}. */
  requestEnd: 'x-auth:request:end',
  /** It failed: {@link RequestFailure}. */
  requestError: 'x-auth:request:error',
  /** A token lifecycle event: `LifecycleEvent` (issued, used, refreshed, expired, keep-alive, failed). */
  token: 'x-auth:token',
} as const;

/** The payload of `x-auth:request:start`. */
export interface RequestStart {
  /** Unique per process: pairs a start with its end or error. */
  readonly id: number;
  /** The client's provider name, e.g. `'clickatell-soap'`. */
  readonly provider: string;
  /** Which transport sent it. */
  readonly transport: 'soap' | 'http';
  /** The SOAP operation (`getbalance`) or the HTTP method (`POST`). */
  readonly operation: string;
  /** Where it went: origin and path, never the query string. */
  readonly url: string;
}

/** The payload of `x-auth:request:end`. */
export interface RequestEnd extends RequestStart {
  /** Milliseconds from start to the answer read. */
  readonly durationMs: number;
  /** HTTP status, where known. */
  readonly status?: number;
}

/** The payload of `x-auth:request:error`. */
export interface RequestFailure extends RequestStart {
  /** Milliseconds from start to the failure. */
  readonly durationMs: number;
  /** The error the caller gets: a `ProviderError`, its message already scrubbed of secrets. */
  readonly error: Error;
}

const requestStart = channel(CHANNELS.requestStart);
const requestEnd = channel(CHANNELS.requestEnd);
const requestError = channel(CHANNELS.requestError);
const tokenChannel = channel(CHANNELS.token);
/** `NODE_DEBUG=x-auth` prints one line per request and per token event on stderr. */
// `node:util` by its CommonJS exports: an ES import of it evaluates every lazy export (worker_threads
// among them), ~20 ms of a cold start
const debug = process.getBuiltinModule('node:util').debuglog('x-auth');
let nextId = 1;

/** The origin and path of `url`: nothing from its query string or credentials. */
function bare(url: string | URL): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    // equivalent mutant: any value here: transports pass only URLs they have already parsed
    return '';
  }
}

/** What a transport tells {@link traced} of a request; the URL is reduced only when someone listens. */
type TracedRequest = Omit<RequestStart, 'id' | 'url'> & { url: string | URL };

/**
 * Run one request, publishing its start and its end or error. While nobody listens it is `send()` itself:
 * no extra promise, no URL work on the hot path.
 */
export function traced<T>(
  request: TracedRequest,
  send: () => Promise<T>,
  statusOf?: (result: T) => number | undefined,
): Promise<T> {
  const watched =
    requestStart.hasSubscribers || requestEnd.hasSubscribers || requestError.hasSubscribers || debug.enabled;
  // equivalent mutant: `publishing` always: with nobody subscribed it publishes to no one (this is the fast path)
  return watched ? publishing(request, send, statusOf) : send();
}

async function publishing<T>(
  request: TracedRequest,
  send: () => Promise<T>,
  statusOf?: (result: T) => number | undefined,
): Promise<T> {
  const start: RequestStart = { id: nextId++, ...request, url: bare(request.url) };
  const began = performance.now();
  requestStart.publish(start);
  try {
    const result = await send();
    const status = statusOf?.(result);
    const end: RequestEnd = {
      ...start,
      durationMs: performance.now() - began,
      ...(status ? { status } : {}),
    };
    requestEnd.publish(end);
    debug(
      '%s %s %s %s%s %dms',
      start.provider,
      start.transport,
      start.operation,
      end.url,
      status ? ` ${status}` : '',
      Math.round(end.durationMs),
    );
    return result;
  } catch (error) {
    const failure: RequestFailure = {
      ...start,
      durationMs: performance.now() - began,
      error: error as Error,
    };
    requestError.publish(failure);
    debug(
      '%s %s %s %s failed: %s %dms',
      start.provider,
      start.transport,
      start.operation,
      start.url,
      error instanceof ProviderError ? error.message : (error as Error)?.name,
      Math.round(failure.durationMs),
    );
    throw error;
  }
}

/** Whether anybody outside the manager listens to token events. */
export const tokenEventsWatched = (): boolean => tokenChannel.hasSubscribers || debug.enabled;

/** Publish a token lifecycle event (it holds a fingerprint, never the token). */
export function publishTokenEvent(event: LifecycleEvent): void {
  tokenChannel.publish(event);
  debug(
    '%s token %s%s%s',
    event.provider,
    event.type,
    event.token ? ` ${event.token}` : '',
    event.reason ? ` (${event.reason})` : '',
  );
}
