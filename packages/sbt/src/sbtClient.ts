import {
  type CallOptions,
  type Clock,
  callSignal,
  credentialKey,
  type ExpiryPolicy,
  exclusive,
  type LifecycleListener,
  lifetime,
  never,
  ProtocolError,
  registerSecret,
  Secret,
  TokenManager,
  type TokenStore,
  ValidationError,
} from '@x/core';
import { HttpTransport } from '@x/core/http';
import { SoapTransport } from '@x/core/soap';
import {
  SBT_HOSTS,
  SBT_LOGIN_WSDL,
  SBT_REST_LOGIN_PATH,
  SBT_REST_SERVICES_PATH,
  SBT_SOAP_PATH,
  TOKEN_EXPIRY_SETTINGS,
  TOKEN_LIFETIME_MS,
  type TokenExpiry,
} from './contract.js';
import { type LoginResult, PROVIDER, readLoginResult, readSbtResult } from './loginResult.js';

/** Credentials and settings of an {@link SbtClient}. */
export interface SbtClientOptions {
  /** The account's API key; wrapped in a `Secret` if it is a string. */
  apiKey: string | Secret;
  /** Which SBT host (default production); ignored when `baseUrl` is given. */
  environment?: keyof typeof SBT_HOSTS;
  /** Any host, e.g. the emulator's URL. */
  baseUrl?: string;
  /** How to call AuthenticateAPIKey (default `'soap'`). */
  transport?: 'soap' | 'rest';
  /**
   * Your account's token expiration setting. Default `'expire-on-new'`, the only setting under which
   * two refreshes would harm each other; with it, refreshes are serialised through `store`.
   */
  tokenExpiry?: TokenExpiry;
  /** Where the token lives; share one (e.g. `RedisTokenStore`) across processes. */
  store?: TokenStore;
  /** One deadline for each request: its retries, `Retry-After` waits and body included; default 10 s. */
  timeoutMs?: number;
  /** Time source for token expiry (tests pass `ManualClock`). */
  clock?: Clock;
  /** Your own `fetch` for REST calls (a proxy dispatcher, custom TLS, recording). */
  fetch?: typeof fetch;
  /** Your own HTTP agent for SOAP calls (an `https.Agent` for an https host). */
  agent?: import('node:http').Agent;
  /**
   * Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. SOAP calls use
   * Node's own proxy support (Node 22.21 / 24.5 on); not together with `agent`.
   */
  proxyFromEnv?: boolean;
}

/** Map an account's expiry setting to a token policy. */
export function policyFor(setting: TokenExpiry): ExpiryPolicy {
  if (setting === 'expire-on-new') return exclusive;
  const ms = TOKEN_LIFETIME_MS[setting];
  return ms === null ? never : lifetime(ms);
}

/**
 * Solutions By Text security tokens: `AuthenticateAPIKey` over SOAP or REST, managed under the account's
 * expiry setting. Under "Expire On New" exactly one caller (across every process sharing the store)
 * refreshes, and a call whose token was rejected re-auths once and retries.
 */
export class SbtClient {
  /** The host every call goes to, ending in `/`. */
  readonly baseUrl: string;
  /** How `AuthenticateAPIKey` is called. */
  readonly transport: 'soap' | 'rest';
  /** The account's token expiration setting the client manages tokens under. */
  readonly tokenExpiry: TokenExpiry;
  readonly #apiKey: Secret;
  readonly #soap: SoapTransport;
  readonly #http: HttpTransport;
  readonly #tokens: TokenManager;

  constructor(options: SbtClientOptions) {
    if (
      !(options.apiKey instanceof Secret) &&
      (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')
    ) {
      throw new ValidationError('apiKey is required', { provider: PROVIDER, field: 'apiKey' });
    }
    this.#apiKey = Secret.from(options.apiKey);
    const environment = options.environment ?? 'production';
    if (!Object.hasOwn(SBT_HOSTS, environment)) {
      throw new ValidationError('environment must be production or staging', {
        provider: PROVIDER,
        field: 'environment',
      });
    }
    this.transport = options.transport ?? 'soap';
    if (this.transport !== 'soap' && this.transport !== 'rest') {
      throw new ValidationError('transport must be soap or rest', { provider: PROVIDER, field: 'transport' });
    }
    this.tokenExpiry = options.tokenExpiry ?? 'expire-on-new';
    if (!TOKEN_EXPIRY_SETTINGS.includes(this.tokenExpiry)) {
      throw new ValidationError(`tokenExpiry must be one of ${TOKEN_EXPIRY_SETTINGS.join(', ')}`, {
        provider: PROVIDER,
        field: 'tokenExpiry',
      });
    }
    this.#http = new HttpTransport({
      provider: PROVIDER,
      baseUrl: options.baseUrl ?? SBT_HOSTS[environment],
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      proxyFromEnv: options.proxyFromEnv,
    });
    this.baseUrl = this.#http.baseUrl;
    this.#soap = new SoapTransport({
      provider: PROVIDER,
      wsdl: SBT_LOGIN_WSDL,
      // `baseUrl` ends in `/` and may carry a path prefix of its own
      endpoint: `${this.baseUrl}${SBT_SOAP_PATH.slice(1)}`,
      timeoutMs: options.timeoutMs,
      agent: options.agent,
      proxyFromEnv: options.proxyFromEnv,
    });
    this.#tokens = new TokenManager({
      provider: PROVIDER,
      key: credentialKey(PROVIDER, this.baseUrl, this.#apiKey.reveal()),
      policy: policyFor(this.tokenExpiry),
      issue: async () => (await this.authenticateApiKey()).securityToken,
      clock: options.clock,
      store: options.store,
    });
  }

  /** The raw `AuthenticateAPIKey` call: a new token every time (under Expire On New it kills the old one). */
  async authenticateApiKey(options?: CallOptions): Promise<LoginResult> {
    const signal = callSignal(PROVIDER, options);
    const raw =
      this.transport === 'soap'
        ? (
            (await this.#soap.call(
              'AuthenticateAPIKey',
              // the data-contract field lives in SBT's DataContract namespace
              { loginRequest: { 'dat:APIKey': this.#apiKey } },
              signal ? { signal } : {},
            )) as { AuthenticateAPIKeyResult?: unknown }
          ).AuthenticateAPIKeyResult
        : (
            (
              await this.#http.request({
                method: 'GET',
                path: SBT_REST_LOGIN_PATH,
                searchParams: { APIKey: this.#apiKey },
                signal,
              })
            ).data as {
              AuthenticateAPIKeyResult?: unknown;
            }
          )?.AuthenticateAPIKeyResult;
    const result = readLoginResult(raw);
    registerSecret(result.securityToken);
    return result;
  }

  /** A live security token under the account's expiry setting. */
  async securityToken(options?: CallOptions): Promise<string> {
    return this.#tokens.get(callSignal(PROVIDER, options));
  }

  /**
   * Run `fn` with the current token. If it throws `TokenExpiredError` (SBT's invalid-token answer; see
   * `readSbtResult`), the token is dropped only if still current, re-issued once, and `fn` runs once more.
   * `fn` gets the call's signal (options' `signal` and `timeoutMs` combined) to pass on to its own requests.
   */
  async withToken<T>(
    fn: (securityToken: string, signal: AbortSignal | undefined) => Promise<T>,
    options?: CallOptions,
  ): Promise<T> {
    const signal = callSignal(PROVIDER, options);
    return this.#tokens.use((token) => fn(token, signal), signal);
  }

  /**
   * Call an SBT REST method (`POST RSServices/{service}.svc/{method}`) with the managed token in the body;
   * resolves the method's result envelope, throwing the error family when `Result` is false.
   */
  async callRest(
    service: string,
    method: string,
    body: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<Record<string, unknown>> {
    if (!/^\w+$/.test(service) || !/^\w+$/.test(method)) {
      throw new ValidationError('service and method must be plain names', {
        provider: PROVIDER,
        field: 'method',
      });
    }
    return this.withToken(async (securityToken, signal) => {
      const response = await this.#http.request({
        method: 'POST',
        path: `${SBT_REST_SERVICES_PATH}/${service}.svc/${method}`,
        json: { ...body, securityToken },
        signal,
      });
      const envelope = (response.data as Record<string, unknown> | undefined)?.[`${method}Result`];
      if (envelope === undefined)
        throw new ProtocolError(`answer has no ${method}Result`, { provider: PROVIDER });
      return readSbtResult(envelope);
    }, options);
  }

  /** Send one text to up to 100 ten-digit numbers (`MessageRSService.SendMessage`). */
  async sendMessage(
    input: { orgCode: string; message: string; to: string[] },
    options?: CallOptions,
  ): Promise<{
    /** SBT's `TransactionTicket` for the send, to look it up later. */
    transactionTicket: string;
  }> {
    if (!input.orgCode)
      throw new ValidationError('orgCode is required', { provider: PROVIDER, field: 'orgCode' });
    if (!input.message)
      throw new ValidationError('message is required', { provider: PROVIDER, field: 'message' });
    if (
      !Array.isArray(input.to) ||
      input.to.length === 0 ||
      input.to.length > 100 ||
      !input.to.every((n) => /^\d{10}$/.test(n))
    ) {
      throw new ValidationError('to needs 1 to 100 ten-digit numbers', { provider: PROVIDER, field: 'to' });
    }
    const result = await this.callRest(
      'MessageRSService',
      'SendMessage',
      {
        orgCode: input.orgCode,
        message: input.message,
        sendTo: input.to.map((sendTo) => ({ sendTo, CustomFields: null })),
      },
      options,
    );
    return { transactionTicket: String(result.TransactionTicket ?? '') };
  }

  /** Timing of the current token without its value: `undefined` when none is held. */
  tokenInfo(): ReturnType<TokenManager['peek']> {
    return this.#tokens.peek();
  }

  /** Lifecycle events of the token (issued, used, refreshed, expired, failed). */
  on(listener: LifecycleListener): () => void {
    return this.#tokens.on(listener);
  }

  /** Stop the token manager's timers. The token stays in its store for other clients. */
  close(): void {
    this.#tokens.close();
  }

  /** `await using sbt = new SbtClient(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
