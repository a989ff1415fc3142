import type { Agent } from 'node:http';
import type { Client } from 'soap';
import { requestDeadline } from '../callOptions.js';
import { traced } from '../diagnostics.js';
import { ProtocolError, ProviderError, ServiceError, ValidationError } from '../errors.js';
import { checkInstalled, type LibraryNeed, loadLibrary } from '../optionalLibrary.js';
import { revealAll } from '../reveal.js';
import { safeCopy } from '../safeCopy.js';
import type { Secret } from '../secret.js';
import { errorForStatus, retryAfterNote, transportFailure } from '../statusErrors.js';
import { readProxyEnv } from './proxyEnv.js';
import type { SoapHttpOptions } from './soapHttp.js';

/** Where a {@link SoapTransport} sends calls, with which WSDL, and its limits. */
export interface SoapTransportOptions {
  /** Provider name for errors, e.g. `'clickatell-soap'`. */
  provider: string;
  /** The WSDL as XML text (bundled with each provider), or a URL/path the user points at. */
  wsdl: string;
  /** Where calls go; overrides the WSDL's address. */
  endpoint: string;
  /** One deadline for each call, the body included (loading a WSDL from a URL too); default 10 s. */
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
   * Send calls through the proxy named by `HTTPS_PROXY` / `HTTP_PROXY`, except for hosts in `NO_PROXY`, as
   * they are now: Node's own proxy support (`http.Agent`'s `proxyEnv`, Node 22.21 / 24.5 on). Default
   * false: the environment is never read unless you ask. Not together with `agent`.
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

const soapNeed = (provider: string): LibraryNeed => ({
  library: 'soap',
  provider,
  field: 'transport',
  what: 'the SOAP transport (@x/core/soap)',
});
/** node-soap and our HTTP client for it, loaded on the first SOAP call of the process. */
let soapLibrary: Promise<typeof import('./soapLibrary.js')> | undefined;
type Operation = (args: unknown, callback: Callback, options: object, headers: object) => void;

/**
 * SOAP on node-soap: a bundled WSDL parsed once, requests on `node:http` (not axios) with
 * a deadline, AbortSignal and a bounded answer, results copied so that element names cannot reach a
 * prototype, faults and HTTP errors mapped to the error family. node-soap escapes every value it puts
 * in an envelope.
 */
export class SoapTransport {
  /** Provider name used in errors. */
  readonly provider: string;
  /** The validated endpoint URL every call goes to. */
  readonly endpoint: string;
  /** The deadline of each call in ms. */
  readonly timeoutMs: number;
  readonly #wsdl: string;
  readonly #maxBytes: number;
  readonly #headers: Record<string, string | Secret>;
  /** The agent you passed, or (once the library is loaded) the one that follows `#proxyEnv`. */
  #agent: Agent | undefined;
  /** The proxy variables at construction, when `proxyFromEnv` asked for them. */
  readonly #proxyEnv: Record<string, string | undefined> | undefined;
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
    const agentProtocol = (options.agent as { protocol?: string } | undefined)?.protocol;
    if (agentProtocol && agentProtocol !== endpoint.protocol) {
      throw new ValidationError(`agent is for ${agentProtocol} but the endpoint is ${endpoint.protocol}`, {
        provider: options.provider,
        field: 'agent',
      });
    }
    if (options.agent && options.proxyFromEnv) {
      throw new ValidationError('pass either agent or proxyFromEnv, not both', {
        provider: options.provider,
        field: 'proxyFromEnv',
      });
    }
    this.#agent = options.agent;
    this.#proxyEnv = options.proxyFromEnv ? readProxyEnv(options.provider) : undefined;
    checkInstalled(soapNeed(options.provider));
  }

  /**
   * The node-soap client, created once (single flight) from the WSDL. A bundled WSDL (text) is parsed
   * once per process and endpoint, whatever the number of transports: 10,000 tenants' clients share one
   * parsed WSDL. Calls carry everything per-transport (agent, timeouts, headers) themselves.
   */
  #soapClient(): Promise<Client> {
    if (this.#client) return this.#client;
    soapLibrary ??= loadLibrary(soapNeed(this.provider), () => import('./soapLibrary.js'));
    const loaded = soapLibrary.then((library) => {
      // equivalent mutant: `true`: without proxy variables the agent is a plain keep-alive agent, as Node's global one
      if (this.#proxyEnv)
        this.#agent ??= library.envProxyAgent(new URL(this.endpoint).protocol, this.#proxyEnv);
      return library;
    });
    const create = () =>
      loaded.then((library) =>
        library.createClientAsync(this.#wsdl, {
          endpoint: this.endpoint,
          // equivalent mutant: `endsWith`: node-soap caches only WSDLs it fetched, never text
          disableCache: !this.#wsdl.startsWith('<'),
          httpClient: new library.SoapHttpClient(),
          wsdl_options: this.#httpOptions(8 * this.#maxBytes),
        }),
      );
    // equivalent mutants: any change that only stops a WSDL text being shared (`text` false, no `set`):
    // sharing saves parse time and memory, each transport's calls carry their own options
    const text = this.#wsdl.startsWith('<');
    const key = `${this.endpoint}\u0000${this.#wsdl}`;
    const created = (text ? sharedClients.get(key) : undefined) ?? create();
    if (text) sharedClients.set(key, created);
    this.#client = Promise.all([loaded, created]).then(
      ([, client]) => client,
      (error: unknown) => {
        this.#client = undefined;
        // equivalent mutants (any change to this line): a WSDL text that failed to parse fails the same way again
        if (sharedClients.get(key) === created) sharedClients.delete(key);
        if (error instanceof ValidationError) throw error; // the library is missing: no WSDL to blame
        throw new ProtocolError('could not load the WSDL', { provider: this.provider, cause: error });
      },
    );
    return this.#client;
  }

  /** Call `operation` with `args` (Secret values revealed only on the wire); resolves the parsed result. */
  async call(
    operation: string,
    args: Record<string, unknown>,
    options: SoapCallOptions = {},
  ): Promise<unknown> {
    // this transport's deadline, or the call's (`callSignal`) when that ends first
    const deadline = requestDeadline(this.timeoutMs, options.signal);
    const client = await this.#soapClient();
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
    const requestOptions = this.#httpOptions(this.#maxBytes, options.signal, deadline);
    const send = () =>
      new Promise<unknown>((resolve, reject) => {
        method.call(
          client,
          revealAll(args),
          (error, value) => (error ? reject(this.#mapError(error)) : resolve(value)),
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

  #httpOptions(maxBytes: number, signal?: AbortSignal, deadline?: { at: number; timeoutMs: number }) {
    return {
      provider: this.provider,
      timeoutMs: deadline?.timeoutMs ?? this.timeoutMs,
      deadlineAt: deadline?.at,
      maxBytes,
      agent: this.#agent,
      signal,
    } satisfies SoapHttpOptions;
  }

  /** node-soap's error as one of ours: ours already (from `SoapHttpClient`), a fault, an HTTP status, or an unreadable answer. */
  #mapError(error: unknown): Error {
    if (error instanceof ProviderError) return error;
    const e = error as {
      response?: { status?: number; headers?: Record<string, string> };
      root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
    };
    const fault = e.root?.Envelope?.Body?.Fault;
    const status = e.response?.status;
    if (fault) {
      const code = String(fault.faultcode ?? (fault.Code as { Value?: unknown })?.Value ?? 'Fault');
      const text = String(fault.faultstring ?? (fault.Reason as { Text?: unknown })?.Text ?? 'SOAP fault');
      const note = retryAfterNote(e.response?.headers?.['retry-after']);
      return new ServiceError(`SOAP fault: ${text}${note}`, {
        provider: this.provider,
        code,
        status,
        retryable: status === 503,
      });
    }
    if (status !== undefined && status >= 300) {
      return errorForStatus(this.provider, status, '', e.response?.headers?.['retry-after']);
    }
    if (e.response) {
      return new ProtocolError('answer is not a SOAP envelope this WSDL describes', {
        provider: this.provider,
        status,
        cause: error,
      });
    }
    // equivalent mutant: `''` for 'network': any kind but the other three is a network failure
    return transportFailure(this.provider, 'network', this.timeoutMs, error);
  }
}
