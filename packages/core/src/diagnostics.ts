import { channel, tracingChannel } from 'node:diagnostics_channel';
import { CHANNELS } from './channels.js';
import type { LifecycleEvent } from './token/lifecycleEvents.js';

/** What a request's context holds from `tracing:x-auth:request:start` on. */
export interface RequestStart {
  /** The client's provider name, e.g. `'clickatell-soap'`. */
  readonly provider: string;
  /** Which transport sent it. */
  readonly transport: 'soap' | 'http';
  /** The SOAP operation (`getbalance`) or the HTTP method (`POST`). */
  readonly operation: string;
  /** Where it went: origin and path, never the query string or credentials. */
  readonly url: string;
}

/**
 * The context once the answer was read (`asyncStart`, `asyncEnd`). Node sets its `result` too, always
 * `undefined` here: an answer can hold a token.
 */
export interface RequestEnd extends RequestStart {
  /** Milliseconds from start to the answer read. */
  readonly durationMs: number;
  /** HTTP status, where known. */
  readonly status?: number;
}

/** The context once the request failed (`error`, `asyncStart`, `asyncEnd`). */
export interface RequestFailure extends RequestStart {
  /** Milliseconds from start to the failure. */
  readonly durationMs: number;
  /** The error the caller gets: a `ProviderError`, its message already scrubbed of secrets. */
  readonly error: Error;
}

/**
 * The one object that every event of a request carries on `tracingChannel(CHANNELS.request)`: a
 * {@link RequestStart} that becomes a {@link RequestEnd} or a {@link RequestFailure}.
 */
export type RequestContext = RequestStart | RequestEnd | RequestFailure;

/** The context as it is filled in while the request runs. */
type FillingContext = { -readonly [K in keyof RequestStart]: RequestStart[K] } & {
  durationMs?: number;
  status?: number;
};

const requests = tracingChannel<unknown, FillingContext>(CHANNELS.request);
const tokenChannel = channel(CHANNELS.token);

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
type TracedRequest = Omit<RequestStart, 'url'> & { url: string | URL };

/**
 * Run one request on `tracingChannel('x-auth:request')`, which pairs its start with its end or error. While
 * nobody subscribes it is `send()` itself: no context, no extra promise, no URL work on the hot path.
 */
export function traced<T>(
  request: TracedRequest,
  send: () => Promise<T>,
  statusOf?: (result: T) => number | undefined,
): Promise<T> {
  // tracePromise itself calls `send` alone while nobody subscribes, but only after the context is built:
  // this check keeps even that off the hot path. Node has the getter from 22.0; a runtime without it (Bun
  // before oven-sh/bun#27805) traces nothing rather than everything
  return requests.hasSubscribers ? tracing(request, send, statusOf) : send();
}

async function tracing<T>(
  request: TracedRequest,
  send: () => Promise<T>,
  statusOf?: (result: T) => number | undefined,
): Promise<T> {
  const { provider, transport, operation } = request;
  const context: FillingContext = { provider, transport, operation, url: bare(request.url) };
  const began = performance.now();
  let answer: T;
  // the traced function resolves to nothing, so that Node's `context.result` never holds the answer (a
  // session ID, a security token); the caller gets it from here
  await requests.tracePromise(async () => {
    try {
      answer = await send();
    } finally {
      context.durationMs = performance.now() - began;
    }
    const status = statusOf?.(answer);
    if (status) context.status = status;
  }, context);
  return answer!;
}

/** Whether anybody outside the manager listens to token events (`NODE_DEBUG=x-auth` subscribes too). */
export const tokenEventsWatched = (): boolean => tokenChannel.hasSubscribers;

/** Publish a token lifecycle event (it holds a fingerprint, never the token). */
export function publishTokenEvent(event: LifecycleEvent): void {
  tokenChannel.publish(event);
}
