import type { Agent } from 'node:http';
import { type Client, createClientAsync } from 'soap';
import { abortError } from '../callOptions.js';
import { traced } from '../diagnostics.js';
import { ProtocolError, ServiceError, TransportError, ValidationError } from '../errors.js';
import { revealAll } from '../reveal.js';
import { safeCopy } from '../safeCopy.js';
import type { Secret } from '../secret.js';
import { errorForStatus, tooLarge, transportFailure } from '../statusErrors.js';

/** Where a {@link SoapTransport} sends calls, with which WSDL, and its limits. */
export interface SoapTransportOptions {
  /** Provider name for errors, e.g. `'clickatell-soap'`. */
  provider: string;
  /** The WSDL as XML text (bundled with each provider), or a URL/path the user points at. */
  wsdl: string;
  /** Where calls go; overrides the WSDL's address. */
  endpoint: string;
  /** Per call; default 10 s. */
  timeoutMs?: number;
  /** Largest accepted answer; default 1 MiB. */
  maxResponseBytes?: number;
  /** Extra HTTP headers for every call. */
  headers?: Record<string, string | Secret>;
  /**
   * Your own HTTP agent (an `https.Agent` for an https endpoint): connection pooling, custom TLS, or a
   * proxy agent. Default: Node's global agent.
   */
  agent?: Agent;
  /**
   * Send calls through the proxy named by `HTTPS_PROXY` / `HTTP_PROXY`, except for hosts in `NO_PROXY`.
   * Default false: the environment is never read unless you ask.
   */
  proxyFromEnv?: boolean;
}

/** Per-call additions to a {@link SoapTransport} call. */
export interface SoapCallOptions {
  /** Aborts the call; the error is a `TransportError`. */
  signal?: AbortSignal;
  /** Extra HTTP headers for this call, on top of the transport's. */
  headers?: Record<string, string | Secret>;
  /** Cookies for this call, e.g. `{ authToken }`. */
  cookies?: Record<string, string | Secret>;
}

type Callback = (error: unknown, result: unknown) => void;

/** Parsed clients of bundled WSDLs, by endpoint and WSDL text. */
const sharedClients = new Map<string, Promise<Client>>();
type Operation = (args: unknown, callback: Callback, options: object, headers: object) => void;

/**
 * SOAP on node-soap: a bundled WSDL parsed once, timeouts on by default, AbortSignal, a bounded
 * answer, results copied so that element names cannot reach a prototype, faults and HTTP errors
 * mapped to the error family. node-soap escapes every value it puts in an envelope.
 */
export class SoapTransport {
  /** Provider name used in errors. */
  readonly provider: string;
  /** The validated endpoint URL every call goes to. */
  readonly endpoint: string;
  /** Per-call timeout in ms. */
  readonly timeoutMs: number;
  readonly #wsdl: string;
  readonly #maxBytes: number;
  readonly #headers: Record<string, string | Secret>;
  /** Options node-soap hands to axios on every call: agent and proxy. */
  readonly #network: Record<string, unknown>;
  #client: Promise<Client> | undefined;

  constructor(options: SoapTransportOptions) {
    this.provider = options.provider;
    let endpoint: URL;
    try {
      endpoint = new URL(options.endpoint);
    } catch {
      throw new ValidationError('endpoint is not a valid URL', {
        provider: options.provider,
        field: 'endpoint',
      });
    }
    if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
      throw new ValidationError('endpoint must be http(s)', {
        provider: options.provider,
        field: 'endpoint',
      });
    }
    this.endpoint = endpoint.href;
    this.#wsdl = options.wsdl;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.#headers = options.headers ?? {};
    this.#network = {
      ...(options.agent
        ? { [endpoint.protocol === 'https:' ? 'httpsAgent' : 'httpAgent']: options.agent }
        : {}),
      // axios reads HTTP(S)_PROXY by itself unless told not to
      ...(options.proxyFromEnv ? {} : { proxy: false }),
    };
  }

  /**
   * The node-soap client, created once (single flight) from the WSDL. A bundled WSDL (text) is parsed
   * once per process and endpoint, whatever the number of transports: 10,000 tenants' clients share one
   * parsed WSDL. Calls carry everything per-transport (agent, timeouts, headers) themselves.
   */
  client(): Promise<Client> {
    if (this.#client) return this.#client;
    const create = () =>
      createClientAsync(this.#wsdl, {
        endpoint: this.endpoint,
        disableCache: !this.#wsdl.startsWith('<'),
        wsdl_options: { timeout: this.timeoutMs, maxContentLength: 8 * this.#maxBytes, ...this.#network },
      });
    const text = this.#wsdl.startsWith('<');
    const key = `${this.endpoint}\u0000${this.#wsdl}`;
    const created = (text ? sharedClients.get(key) : undefined) ?? create();
    if (text) sharedClients.set(key, created);
    this.#client = created.catch((error: unknown) => {
      this.#client = undefined;
      if (sharedClients.get(key) === created) sharedClients.delete(key);
      throw new ProtocolError('could not load the WSDL', { provider: this.provider, cause: error });
    });
    return this.#client;
  }

  /** Call `operation` with `args` (Secret values revealed only on the wire); resolves the parsed result. */
  async call(
    operation: string,
    args: Record<string, unknown>,
    options: SoapCallOptions = {},
  ): Promise<unknown> {
    const client = await this.client();
    const method = (client as unknown as Record<string, Operation | undefined>)[operation];
    if (typeof method !== 'function') {
      throw new ValidationError(`the WSDL has no operation "${operation}"`, {
        provider: this.provider,
        field: 'operation',
      });
    }
    const headers: Record<string, string> = revealAll({ ...this.#headers, ...options.headers });
    if (options.cookies) {
      headers.Cookie = Object.entries(revealAll(options.cookies))
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join('; ');
    }
    const requestOptions = {
      timeout: this.timeoutMs,
      maxContentLength: this.#maxBytes,
      maxBodyLength: 64 * 1024 * 1024,
      maxRedirects: 0,
      ...this.#network,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const send = () =>
      new Promise<unknown>((resolve, reject) => {
        method.call(
          client,
          revealAll(args),
          (error, value) => (error ? reject(this.#mapError(error, options.signal)) : resolve(value)),
          requestOptions,
          headers,
        );
      });
    const result = await traced(
      { provider: this.provider, transport: 'soap', operation, url: this.endpoint },
      send,
    );
    return safeCopy(result);
  }

  #mapError(error: unknown, signal: AbortSignal | undefined): Error {
    const e = error as {
      code?: string;
      message?: string;
      response?: { status?: number; headers?: Record<string, string> };
      root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
    };
    if (signal?.aborted) return abortError(this.provider, signal);
    if (e.code === 'ERR_CANCELED') return transportFailure(this.provider, 'abort', this.timeoutMs);
    if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT')
      return transportFailure(this.provider, 'timeout', this.timeoutMs);
    if (/maxContentLength/.test(e.message ?? '')) return tooLarge(this.provider, this.#maxBytes);
    const fault = e.root?.Envelope?.Body?.Fault;
    const status = e.response?.status;
    if (fault) {
      const code = String(fault.faultcode ?? (fault.Code as { Value?: unknown })?.Value ?? 'Fault');
      const text = String(fault.faultstring ?? (fault.Reason as { Text?: unknown })?.Text ?? 'SOAP fault');
      return new ServiceError(`SOAP fault: ${text}`, {
        provider: this.provider,
        code,
        status,
        retryable: status === 503,
      });
    }
    if (status !== undefined && status >= 300) {
      return errorForStatus(this.provider, status, '', e.response?.headers?.['retry-after']);
    }
    // axios: the connection closed before the whole body arrived
    if (e.code === 'ERR_BAD_RESPONSE' && /aborted/.test(e.message ?? '')) {
      return new TransportError('answer cut off: the connection closed mid-body', {
        provider: this.provider,
        status,
        retryable: true,
      });
    }
    if (e.response) {
      return new ProtocolError('answer is not a SOAP envelope this WSDL describes', {
        provider: this.provider,
        status,
        cause: error,
      });
    }
    return transportFailure(this.provider, 'network', this.timeoutMs, error);
  }
}
