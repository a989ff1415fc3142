import {
  type CallOptions,
  callSignal,
  credentialKey,
  type LifecycleListener,
  ProtocolError,
  registerSecret,
  type Secret,
  TokenManager,
} from '@x/core';
import { HttpTransport } from '@x/core/http';
import { SoapTransport } from '@x/core/soap';
import {
  findSendMessageProblem,
  SBT_LOGIN_WSDL,
  SBT_REST_LOGIN_PATH,
  SBT_REST_SERVICES_PATH,
  SBT_SOAP_PATH,
  type TokenExpiry,
} from './contract.js';
import { type LoginResult, PROVIDER, readLoginResult, readSbtResult } from './loginResult.js';
import { checkedOptions, policyFor, type SbtClientOptions } from './options.js';
import { invalid } from './validation.js';

/** What `AuthenticateAPIKey` answers over either transport: the result envelope under one name. */
type LoginAnswer = { AuthenticateAPIKeyResult?: unknown } | undefined;

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
    const { apiKey, baseUrl, transport, tokenExpiry } = checkedOptions(options);
    this.#apiKey = apiKey;
    this.transport = transport;
    this.tokenExpiry = tokenExpiry;
    const { timeoutMs, proxyFromEnv } = options;
    this.#http = new HttpTransport({
      provider: PROVIDER,
      baseUrl,
      timeoutMs,
      fetch: options.fetch,
      proxyFromEnv,
    });
    this.baseUrl = this.#http.baseUrl;
    this.#soap = new SoapTransport({
      provider: PROVIDER,
      wsdl: SBT_LOGIN_WSDL,
      // `baseUrl` ends in `/` and may carry a path prefix of its own
      endpoint: `${this.baseUrl}${SBT_SOAP_PATH.slice(1)}`,
      timeoutMs,
      agent: options.agent,
      proxyFromEnv,
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
    const answer =
      this.transport === 'soap' ? await this.#loginOverSoap(signal) : await this.#loginOverRest(signal);
    const result = readLoginResult(answer?.AuthenticateAPIKeyResult);
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
      throw invalid({ field: 'method', message: 'service and method must be plain names' });
    }
    return this.withToken(async (securityToken, signal) => {
      const path = `${SBT_REST_SERVICES_PATH}/${service}.svc/${method}`;
      const response = await this.#http.request({
        method: 'POST',
        path,
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
    const problem = findSendMessageProblem(input);
    if (problem) throw invalid(problem);
    const sendTo = input.to.map((number) => ({ sendTo: number, CustomFields: null }));
    const body = { orgCode: input.orgCode, message: input.message, sendTo };
    const result = await this.callRest('MessageRSService', 'SendMessage', body, options);
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

  /** `AuthenticateAPIKey` over SOAP: the key in SBT's DataContract namespace. */
  async #loginOverSoap(signal: AbortSignal | undefined): Promise<LoginAnswer> {
    const body = { loginRequest: { 'dat:APIKey': this.#apiKey } };
    return (await this.#soap.call('AuthenticateAPIKey', body, signal ? { signal } : {})) as LoginAnswer;
  }

  /** `AuthenticateAPIKey` over REST: `GET …/AuthenticateAPIKey?APIKey=…`. */
  async #loginOverRest(signal: AbortSignal | undefined): Promise<LoginAnswer> {
    const searchParams = { APIKey: this.#apiKey };
    return (await this.#http.request({ method: 'GET', path: SBT_REST_LOGIN_PATH, searchParams, signal }))
      .data as LoginAnswer;
  }
}
