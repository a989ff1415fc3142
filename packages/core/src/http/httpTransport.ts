import type { Options as KyOptions } from 'ky';
import { abortError, abortErrorMidBody, requestDeadline } from '../callOptions.js';
import { traced } from '../diagnostics.js';
import { ProtocolError, ProviderError, TransportError, ValidationError } from '../errors.js';
import { checkInstalled } from '../optionalLibrary.js';
import { redactUrl } from '../redact.js';
import { revealAll } from '../reveal.js';
import { parseJsonSafely, safeCopy } from '../safeCopy.js';
import type { Secret } from '../secret.js';
import {
  errorForStatus,
  REDIRECT_STATUSES,
  redirectRefused,
  tooLarge,
  transportFailure,
  withRetryAfterNote,
} from '../statusErrors.js';
import { envProxyFetch, type Ky, kyNeed, loadKy, undiciNeed } from './kyLibrary.js';
import { isRedirectRefusal, redirectMode } from './redirectMode.js';
import { limitRetriedAnswers } from './retriedAnswerLimit.js';
import { RETRY_STATUSES, retryWithin, SAFE_METHODS } from './retryWithinDeadline.js';

/** The methods {@link HttpTransport} sends; only `GET` and `HEAD` are ever retried. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** An answer as {@link HttpTransport} hands it back (or to `mapError`). */
export interface HttpResponse {
  /** The HTTP status code. */
  status: number;
  /** The answer's headers. */
  headers: Headers;
  /** Parsed JSON without prototype-reaching keys (as `safeCopy` makes it), or `undefined` for an empty body. */
  data: unknown;
}

/** Where an {@link HttpTransport} sends requests and its limits. */
export interface HttpTransportOptions {
  /** Provider name for errors, e.g. `'clickatell-mfa'`. */
  provider: string;
  /** Base URL every path is resolved against. */
  baseUrl: string;
  /** One deadline for each request: every retry, every `Retry-After` wait and the body; default 10 s. */
  timeoutMs?: number;
  /** Sent on every request; Secret values are revealed only on the wire. */
  headers?: Record<string, string | Secret>;
  /** Largest accepted answer body; default 1 MiB. */
  maxResponseBytes?: number;
  /** Automatic retries of GET/HEAD only (never POST or PUT); default 2. */
  retryLimit?: number;
  /** Provider-specific reading of an error answer; return undefined for the generic mapping. */
  mapError?: (response: HttpResponse) => ProviderError | undefined;
  /** Your own fetch (a proxy dispatcher, custom TLS, request recording). */
  fetch?: typeof fetch;
  /**
   * Send requests through the proxy named by `HTTPS_PROXY` / `HTTP_PROXY`, except for hosts in
   * `NO_PROXY`. Default false: the environment is never read unless you ask.
   */
  proxyFromEnv?: boolean;
}

/** One request through {@link HttpTransport.request}. */
export interface HttpRequest {
  /** The HTTP method. */
  method: HttpMethod;
  /** Resolved against `baseUrl`; a leading `/` is dropped, so a base URL's own path prefix stays. */
  path: string;
  /** A body, sent as JSON; omitted when `undefined`. */
  json?: unknown;
  /** Query parameters; Secret values are revealed only on the wire and redacted in error messages. */
  searchParams?: Record<string, string | Secret>;
  /** Extra headers for this request, on top of the transport's. */
  headers?: Record<string, string | Secret>;
  /** Aborts the request; the error is a `TransportError`. */
  signal?: AbortSignal;
}

/**
 * JSON over HTTP on ky: one deadline per request (retries, `Retry-After` waits and the body included),
 * safe-method-only retries, no redirects, bounded bodies, redacted errors.
 */
export class HttpTransport {
  /** Provider name used in errors. */
  readonly provider: string;
  /** The validated base URL, always ending in `/`. */
  readonly baseUrl: string;
  /** The deadline of each request in ms, from the call to the last byte of the answer. */
  readonly timeoutMs: number;
  readonly #maxBytes: number;
  readonly #headers: Record<string, string | Secret>;
  readonly #mapError: HttpTransportOptions['mapError'];
  /** ky's options for every request; `#requestOptions` adds each request's own, in one flat object. */
  readonly #kyOptions: KyOptions;
  readonly #retryLimit: number;
  /** ky, imported on the first request (its load-time probes of `fetch` cost a cold start ~100 ms). */
  #ky: Promise<Ky> | undefined;

  constructor(options: HttpTransportOptions) {
    this.provider = options.provider;
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new ValidationError('baseUrl is not a valid URL', {
        provider: options.provider,
        field: 'baseUrl',
      });
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new ValidationError('baseUrl must be http(s)', { provider: options.provider, field: 'baseUrl' });
    }
    this.baseUrl = base.href.endsWith('/') ? base.href : `${base.href}/`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.#headers = options.headers ?? {};
    this.#mapError = options.mapError;
    checkInstalled(kyNeed(this.provider));
    if (!options.fetch && options.proxyFromEnv) checkInstalled(undiciNeed(this.provider));
    this.#kyOptions = {
      timeout: this.timeoutMs,
      // ky retries only what it throws: throw just the retryable statuses, read the rest ourselves
      throwHttpErrors: (status) => RETRY_STATUSES.includes(status),
      // the answers ky reads itself, held to maxResponseBytes too
      fetch: limitRetriedAnswers(
        this.provider,
        this.#maxBytes,
        options.fetch ?? (options.proxyFromEnv ? envProxyFetch(this.provider) : undefined),
      ),
    };
    this.#retryLimit = options.retryLimit ?? 2;
  }

  /** Send a request. 2xx answers resolve; everything else rejects with the error family. */
  request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.path.replace(/^\//, ''), this.baseUrl);
    return traced(
      { provider: this.provider, transport: 'http', operation: req.method, url },
      () => this.#send(req, url),
      (response) => response.status,
    );
  }

  async #send(req: HttpRequest, url: URL): Promise<HttpResponse> {
    // this transport's deadline, or the call's (`callSignal`) when that ends first
    const deadline = requestDeadline(this.timeoutMs, req.signal);
    if (req.searchParams) {
      for (const [name, value] of Object.entries(revealAll(req.searchParams)))
        url.searchParams.set(name, value);
    }
    // built only for error messages, never on the success path
    const where = () => `${req.method} ${redactUrl(url)}`;
    this.#ky ??= loadKy(this.provider);
    const { ky, HTTPError } = await this.#ky;
    let response: Response;
    try {
      response = await ky(url, this.#requestOptions(req, deadline.at));
    } catch (error) {
      if (error instanceof HTTPError) {
        // ky read a retried status's body itself, as text unless it was labelled JSON: parse it as any other
        const data = typeof error.data === 'string' ? parseJson(error.data) : safeCopy(error.data);
        const answer = {
          status: error.response.status,
          headers: error.response.headers,
          data: data === PARSE_FAILED ? undefined : data,
        };
        throw this.#errorFor(answer, where);
      }
      throw this.#failure(error, req.signal);
    }
    if (response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      throw redirectRefused(this.provider, response.status, response.headers.get('location'), url);
    }
    const text = await this.#readBody(response, req.signal, deadline);
    const data = parseJson(text);
    const result: HttpResponse = { status: response.status, headers: response.headers, data };
    if (response.ok) {
      if (data === PARSE_FAILED) {
        throw new ProtocolError(`answer to ${where()} is not JSON`, {
          provider: this.provider,
          status: response.status,
        });
      }
      return result;
    }
    throw this.#errorFor({ ...result, data: data === PARSE_FAILED ? undefined : data }, where);
  }

  /** ky's options for one request: the transport's own (`#kyOptions`) and the request's, in one flat object. */
  #requestOptions(req: HttpRequest, deadlineAt: number): KyOptions {
    const options: KyOptions = {
      ...this.#kyOptions,
      method: req.method,
      // never followed: see redirectMode.ts for why a request with a body is refused by fetch itself
      redirect: redirectMode(req.json !== undefined),
      headers: revealAll({ accept: 'application/json', ...this.#headers, ...req.headers }),
      // never retried: tell ky, so it neither clones the body nor prepares a retry
      retry: 0,
    };
    if (SAFE_METHODS.has(req.method)) {
      // retried within the one deadline: totalTimeout bounds every attempt and wait together (`timeout` bounds one)
      options.totalTimeout = this.timeoutMs;
      options.retry = retryWithin(this.#retryLimit, deadlineAt);
    }
    // equivalent mutant: always set: ky sends no body for `json: undefined`
    if (req.json !== undefined) options.json = req.json;
    if (req.signal) options.signal = req.signal;
    return options;
  }

  #errorFor(answer: HttpResponse, where: () => string): ProviderError {
    const retryAfter = answer.headers.get('retry-after');
    const mapped = this.#mapError?.(answer);
    return mapped
      ? withRetryAfterNote(mapped, retryAfter)
      : errorForStatus(this.provider, answer.status, ` from ${where()}`, retryAfter);
  }

  #failure(error: unknown, signal: AbortSignal | undefined): Error {
    if (error instanceof ProviderError) return error; // ours already (a missing undici, say)
    const name = (error as { name?: string })?.name;
    if (signal?.aborted) return abortError(this.provider, signal);
    if (isRedirectRefusal(error)) return redirectRefused(this.provider, 0);
    if (name === 'AbortError') return transportFailure(this.provider, 'abort', this.timeoutMs);
    if (name === 'TimeoutError') return transportFailure(this.provider, 'timeout', this.timeoutMs);
    // equivalent mutant: `''` for 'network': any kind but the other three is a network failure
    return transportFailure(this.provider, 'network', this.timeoutMs, error);
  }

  /** The body as text, within what is left of the request's deadline and the size limit. */
  async #readBody(
    response: Response,
    signal: AbortSignal | undefined,
    deadline: { at: number; timeoutMs: number },
  ): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > this.#maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(this.provider, this.#maxBytes);
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        reader.cancel().catch(() => undefined);
      },
      Math.max(0, deadline.at - performance.now()),
    );
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (timedOut) throw transportFailure(this.provider, 'slow-body', deadline.timeoutMs);
        if (done) break;
        size += value.byteLength;
        if (size > this.#maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(this.provider, this.#maxBytes);
        }
        chunks.push(value);
      }
    } catch (error) {
      // first: an aborted signal errors the body stream with its reason, which may be ours ("no answer")
      if (signal?.aborted) throw abortErrorMidBody(this.provider, signal);
      if (error instanceof ProtocolError || error instanceof TransportError) throw error;
      // the connection died mid-answer: a transport failure, like a reset before the answer
      throw new TransportError('answer cut off: the connection closed mid-body', {
        provider: this.provider,
        status: response.status,
        retryable: true,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

const PARSE_FAILED = Symbol('parse failed');

function parseJson(text: string): unknown {
  try {
    return parseJsonSafely(text);
  } catch {
    // an empty body (or only whitespace) is no answer rather than a bad one: checked only on failure
    return text.trim() === '' ? undefined : PARSE_FAILED;
  }
}
