import {
  type CallOptions,
  callSignal,
  credentialKey,
  idle,
  type LifecycleListener,
  ProtocolError,
  parseReplyLine,
  registerSecret,
  Secret,
  TokenManager,
} from '@x/core';
import { SoapTransport } from '@x/core/soap';
import {
  CLICKATELL_OPERATIONS,
  CLICKATELL_WSDL,
  findCommandProblem,
  findRecipientsProblem,
  isMsisdn,
  KEEP_ALIVE_MS,
  SESSION_IDLE_MS,
} from './contract.js';
import {
  balance,
  type CommandParams,
  type MessageStatus,
  messageStatus,
  type RouteCoverage,
  routeCoverage,
  type SendMessageInput,
  type SendResult,
  sendResult,
} from './messages.js';
import { type ClickatellSoapOptions, DEFAULT_ENDPOINT } from './options.js';
import { clickatellError, expectOk, PROVIDER, resultLines, throwIfWholeError } from './replyLines.js';
import { invalid, required } from './validation.js';

/**
 * Clickatell's SOAP API with a managed session: `sessionId()` authenticates once for any number of
 * callers, every command extends the 15-minute idle expiry, a session the server dropped (`ERR: 001`,
 * `003` or `005` on a command that carried it) is replaced once and the command retried, and optional
 * keep-alive pings hold it open.
 */
export class ClickatellSoapClient {
  readonly #apiId: string;
  readonly #user: string;
  readonly #password: Secret;
  readonly #soap: SoapTransport;
  readonly #sessions: TokenManager;

  constructor(options: ClickatellSoapOptions) {
    this.#apiId = required(options.apiId, 'apiId');
    if (!/^\d+$/.test(this.#apiId)) throw invalid({ field: 'apiId', message: 'apiId must be digits' });
    this.#user = required(options.user, 'user');
    const { password } = options;
    this.#password = Secret.from(password instanceof Secret ? password : required(password, 'password'));
    this.#soap = new SoapTransport({
      provider: PROVIDER,
      wsdl: options.wsdl ?? CLICKATELL_WSDL,
      endpoint: options.endpoint ?? DEFAULT_ENDPOINT,
      timeoutMs: options.timeoutMs,
      agent: options.agent,
      proxyFromEnv: options.proxyFromEnv,
    });
    const { keepAlive } = options;
    const intervalMs = (typeof keepAlive === 'object' && keepAlive.intervalMs) || KEEP_ALIVE_MS;
    this.#sessions = new TokenManager({
      provider: PROVIDER,
      key: credentialKey(PROVIDER, this.#soap.endpoint, this.#apiId, this.#user, this.#password.reveal()),
      policy: idle(SESSION_IDLE_MS),
      issue: () => this.auth(),
      clock: options.clock,
      store: options.store,
      ...(keepAlive ? { keepAlive: { intervalMs, ping: (session: string) => this.#ping(session) } } : {}),
    });
  }

  /** The raw `auth` command: a new session ID (not cached; `sessionId()` is the managed one). */
  async auth(options?: CallOptions): Promise<string> {
    const credentials = { api_id: this.#apiId, user: this.#user, password: this.#password };
    const lines = await this.#send('auth', credentials, callSignal(PROVIDER, options));
    const session = expectOk(lines, { session: false });
    if (!/^[0-9a-fA-F]{8,64}$/.test(session)) {
      throw new ProtocolError('auth answered OK without a session ID', { provider: PROVIDER });
    }
    registerSecret(session); // scrubbed from every later error message
    return session;
  }

  /** A live session ID: cached, shared by concurrent callers, replaced when it expires. */
  async sessionId(options?: CallOptions): Promise<string> {
    return this.#sessions.get(callSignal(PROVIDER, options));
  }

  /** Ping the current session (getting one first if needed), extending it by 15 minutes. */
  async ping(options?: CallOptions): Promise<void> {
    const signal = callSignal(PROVIDER, options);
    return this.#sessions.use((session) => this.#ping(session, signal), signal);
  }

  /** The account's remaining credit. */
  async getBalance(options?: CallOptions): Promise<number> {
    const [line] = await this.#command('getbalance', {}, options);
    return balance(line!);
  }

  /** Send one message to one or many numbers; each recipient gets its own result. */
  async sendMessage(input: SendMessageInput, options?: CallOptions): Promise<SendResult[]> {
    const to = ([] as string[]).concat(input.to ?? []);
    const problem = findRecipientsProblem(to);
    if (problem) throw invalid(problem);
    const text = required(input.text, 'text');
    const lines = await this.#command('sendmsg', { text, to, from: input.from }, options);
    return lines.map((line, index) => sendResult(line, index, to));
  }

  /** The delivery status code of a message (`'004'`: received by recipient). */
  async queryMessage(apiMessageId: string, options?: CallOptions): Promise<MessageStatus> {
    const apimsgid = required(apiMessageId, 'apiMessageId');
    const [line] = await this.#command('querymsg', { apimsgid }, options);
    return messageStatus(line!, apiMessageId);
  }

  /** Whether Clickatell routes messages to `msisdn`; an unsupported prefix is `supported: false`, not an error. */
  async routeCoverage(msisdn: string, options?: CallOptions): Promise<RouteCoverage> {
    if (!isMsisdn(msisdn)) {
      throw invalid({
        field: 'msisdn',
        message: 'msisdn must be an MSISDN in international format, digits only',
      });
    }
    const signal = callSignal(PROVIDER, options);
    const reply = await this.#sessions.use(async (session) => {
      const [line] = await this.#send('routecoverage', { session_id: session, msisdn }, signal);
      const answer = parseReplyLine(PROVIDER, line!);
      // a coded ERR (session gone, bad number…) is an error; the code-less one is Clickatell's "no route"
      if (!answer.ok && answer.code !== undefined) {
        throw clickatellError(answer.code, answer.description, { session: true });
      }
      return answer;
    }, signal);
    return routeCoverage(reply);
  }

  /**
   * Any operation of the real contract (`CLICKATELL_OPERATIONS`: `delmsg`, `getmsgcharge`,
   * `startbatch`, `senditem`, `quicksend`, `endbatch`, `si_push`, `ind_push`, `token_pay`, …) under its
   * real name, with the managed session; resolves its raw answer lines. Parameters are checked against
   * the contract before anything is sent, and go out in the WSDL's order.
   */
  async call(operation: string, params: CommandParams = {}, options?: CallOptions): Promise<string[]> {
    const problem = findCommandProblem(operation, params);
    if (problem) throw invalid(problem);
    return this.#command(operation, params, options);
  }

  /** Timing of the current session without its value (for countdowns): `undefined` when none is held. */
  sessionInfo(): ReturnType<TokenManager['peek']> {
    return this.#sessions.peek();
  }

  /** Lifecycle events of the session (issued, used, expired, keep-alive, failed). */
  on(listener: LifecycleListener): () => void {
    return this.#sessions.on(listener);
  }

  /** Stop keep-alive pings. */
  close(): void {
    this.#sessions.close();
  }

  /** `await using clickatell = new ClickatellSoapClient(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  async #ping(session: string, signal?: AbortSignal): Promise<void> {
    expectOk(await this.#send('ping', { session_id: session }, signal), { session: true });
  }

  /** A session command: an `ERR:` answer for the whole of it (session gone, no credit…) is its error. */
  #command(operation: string, params: Record<string, unknown>, options?: CallOptions): Promise<string[]> {
    const signal = callSignal(PROVIDER, options);
    // session IDs are registered secrets (scrubbed from errors) when issued; no wrapper needed per call
    return this.#sessions.use(
      async (session) =>
        throwIfWholeError(await this.#send(operation, { session_id: session, ...params }, signal)),
      signal,
    );
  }

  /** Send `operation` with its fields in the WSDL's order (node-soap writes them in key order). */
  async #send(operation: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<string[]> {
    const ordered: Record<string, unknown> = {};
    for (const { name } of CLICKATELL_OPERATIONS[operation]!.fields) {
      if (params[name] !== undefined) ordered[name] = params[name];
    }
    return resultLines(await this.#soap.call(operation, ordered, signal ? { signal } : {}));
  }
}
