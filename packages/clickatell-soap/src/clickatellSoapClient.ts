import {
  type CallOptions,
  type Clock,
  callSignal,
  credentialKey,
  idle,
  type LifecycleListener,
  ProtocolError,
  parseReplyLine,
  registerSecret,
  Secret,
  TokenManager,
  type TokenStore,
  ValidationError,
} from '@x/core';
import { SoapTransport } from '@x/core/soap';
import {
  CLICKATELL_OPERATIONS,
  CLICKATELL_SOAP_PATH,
  CLICKATELL_WSDL,
  isClickatellOperation,
  KEEP_ALIVE_MS,
  MAX_RECIPIENTS,
  SESSION_IDLE_MS,
} from './contract.js';
import {
  clickatellError,
  expectOk,
  PROVIDER,
  parseFields,
  resultLines,
  throwIfWholeError,
} from './replyLines.js';

/** Clickatell's document/literal endpoint over HTTPS, used when no `endpoint` is given. */
export const DEFAULT_ENDPOINT = `https://api.clickatell.com${CLICKATELL_SOAP_PATH}`;
const MSISDN = /^\d{7,15}$/;
/** Fields the client fills in itself: the session (or the credential triple it stands for). */
const MANAGED_FIELDS = new Set(['session_id', 'api_id', 'user', 'password']);

/** Credentials and settings of a {@link ClickatellSoapClient}. Missing or malformed credentials throw `ValidationError`. */
export interface ClickatellSoapOptions {
  /** The API ID of the account's SOAP connection (digits). */
  apiId: string | number;
  /** The account's user name. */
  user: string;
  /** The account's password; wrapped in a `Secret` if it is a string. */
  password: string | Secret;
  /** Document/literal endpoint; default Clickatell's HTTPS one. */
  endpoint?: string;
  /**
   * Ping a held session once it has been idle 10 minutes (or `intervalMs`), at up to 10% more (jitter); a
   * call is as good as a ping. One timer for the whole process, which never holds it open.
   */
  keepAlive?:
    | boolean
    | {
        /** Idle time before a ping; default 10 minutes, at most about 13 minutes (else a `ValidationError`). */
        intervalMs?: number;
      };
  /** Where the session lives; share one (e.g. Redis) across processes. Default: in memory. */
  store?: TokenStore;
  /** One deadline for each request, its body included; default 10 s. */
  timeoutMs?: number;
  /** Time source (tests pass `ManualClock`). */
  clock?: Clock;
  /** A different WSDL (text or URL) than the bundled one. */
  wsdl?: string;
  /** Your own HTTP agent (an `https.Agent` for an https endpoint): pooling, TLS options, a proxy agent. */
  agent?: import('node:http').Agent;
  /**
   * Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. SOAP calls use
   * Node's own proxy support (Node 22.21 / 24.5 on); not together with `agent`.
   */
  proxyFromEnv?: boolean;
}

/** One message for {@link ClickatellSoapClient.sendMessage}. */
export interface SendMessageInput {
  /** One MSISDN or up to 300, international format, digits only. */
  to: string | string[];
  /** The message text. */
  text: string;
  /** The sender ID (source address) the recipient sees. */
  from?: string;
}

/** One recipient's outcome: an API message ID, or the error Clickatell gave for that number. */
export type SendResult =
  | {
      /** The recipient's number. */
      to: string;
      /** Clickatell's ID of the message to this recipient, for `queryMessage`. */
      apiMessageId: string;
    }
  | {
      /** The recipient's number. */
      to: string;
      /** Why this recipient was refused (from Clickatell's error table). */
      error: Error;
    };

/** Whether Clickatell routes messages to a number, with its text (and charge, when routed). */
export interface RouteCoverage {
  /** True when Clickatell routes messages to the number's prefix. */
  supported: boolean;
  /** Credits per message, when Clickatell says. */
  charge?: number;
  /** Clickatell's own words. */
  description: string;
}

/**
 * Parameters of a raw command: one string (or number) per field, an array for a repeated one (`to`).
 * @inline
 */
export type CommandParams = Record<string, string | number | readonly string[]>;

function required(value: unknown, field: string): string {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} is required`, { provider: PROVIDER, field });
  }
  return value;
}

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
    if (!/^\d+$/.test(this.#apiId))
      throw new ValidationError('apiId must be digits', { provider: PROVIDER, field: 'apiId' });
    this.#user = required(options.user, 'user');
    this.#password = Secret.from(
      options.password instanceof Secret ? options.password : required(options.password, 'password'),
    );
    const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
    this.#soap = new SoapTransport({
      provider: PROVIDER,
      wsdl: options.wsdl ?? CLICKATELL_WSDL,
      endpoint,
      timeoutMs: options.timeoutMs,
      agent: options.agent,
      proxyFromEnv: options.proxyFromEnv,
    });
    const keepAlive = options.keepAlive;
    this.#sessions = new TokenManager({
      provider: PROVIDER,
      key: credentialKey(PROVIDER, this.#soap.endpoint, this.#apiId, this.#user, this.#password.reveal()),
      policy: idle(SESSION_IDLE_MS),
      issue: () => this.auth(),
      clock: options.clock,
      store: options.store,
      ...(keepAlive
        ? {
            keepAlive: {
              intervalMs: (typeof keepAlive === 'object' && keepAlive.intervalMs) || KEEP_ALIVE_MS,
              ping: (session: string) => this.#ping(session),
            },
          }
        : {}),
    });
  }

  /** The raw `auth` command: a new session ID (not cached; `sessionId()` is the managed one). */
  async auth(options?: CallOptions): Promise<string> {
    const lines = await this.#send(
      'auth',
      { api_id: this.#apiId, user: this.#user, password: this.#password },
      callSignal(PROVIDER, options),
    );
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
    const credit = Number(parseFields(line!).Credit);
    if (!Number.isFinite(credit))
      throw new ProtocolError('getbalance answered without "Credit:"', { provider: PROVIDER });
    return credit;
  }

  /** Send one message to one or many numbers; each recipient gets its own result. */
  async sendMessage(input: SendMessageInput, options?: CallOptions): Promise<SendResult[]> {
    const to = ([] as string[]).concat(input.to ?? []);
    if (to.length === 0 || to.length > MAX_RECIPIENTS) {
      throw new ValidationError(`to needs 1 to ${MAX_RECIPIENTS} numbers`, {
        provider: PROVIDER,
        field: 'to',
      });
    }
    const bad = to.find((number) => typeof number !== 'string' || !MSISDN.test(number));
    if (bad !== undefined) {
      throw new ValidationError('to must hold MSISDNs in international format, digits only', {
        provider: PROVIDER,
        field: 'to',
      });
    }
    const text = required(input.text, 'text');
    const lines = await this.#command('sendmsg', { text, to, from: input.from }, options);
    return lines.map((line, i) => {
      const fields = parseFields(line);
      const recipient = fields.To ?? to[i] ?? to[0]!;
      if (fields.ID) return { to: recipient, apiMessageId: fields.ID };
      const reply = parseReplyLine(PROVIDER, line);
      return {
        to: recipient,
        error: reply.ok
          ? new ProtocolError('sendmsg line has no ID', { provider: PROVIDER })
          : clickatellError(reply.code, reply.description, { session: false }),
      };
    });
  }

  /** The delivery status code of a message (`'004'`: received by recipient). */
  async queryMessage(
    apiMsgId: string,
    options?: CallOptions,
  ): Promise<{
    /** The message's API message ID, as Clickatell echoes it. */
    apiMessageId: string;
    /** Clickatell's delivery status code, e.g. `'004'`. */
    status: string;
  }> {
    const [line] = await this.#command('querymsg', { apimsgid: required(apiMsgId, 'apiMsgId') }, options);
    const fields = parseFields(line!);
    if (!fields.Status)
      throw new ProtocolError('querymsg answered without "Status:"', { provider: PROVIDER });
    return { apiMessageId: fields.ID ?? apiMsgId, status: fields.Status };
  }

  /** Whether Clickatell routes messages to `msisdn`; an unsupported prefix is `supported: false`, not an error. */
  async routeCoverage(msisdn: string, options?: CallOptions): Promise<RouteCoverage> {
    if (typeof msisdn !== 'string' || !MSISDN.test(msisdn)) {
      throw new ValidationError('msisdn must be an MSISDN in international format, digits only', {
        provider: PROVIDER,
        field: 'msisdn',
      });
    }
    const signal = callSignal(PROVIDER, options);
    const reply = await this.#sessions.use(async (session) => {
      const [line] = await this.#send('routecoverage', { session_id: session, msisdn }, signal);
      const answer = parseReplyLine(PROVIDER, line!);
      // a coded ERR (session gone, bad number…) is an error; the code-less one is Clickatell's "no route"
      if (!answer.ok && answer.code !== undefined)
        throw clickatellError(answer.code, answer.description, { session: true });
      return answer;
    }, signal);
    if (reply.ok) {
      const charge = Number(parseFields(reply.value).Charge);
      return { supported: true, description: reply.value, ...(Number.isFinite(charge) ? { charge } : {}) };
    }
    return { supported: false, description: reply.description };
  }

  /**
   * Any operation of the real contract (`CLICKATELL_OPERATIONS`: `delmsg`, `getmsgcharge`,
   * `startbatch`, `senditem`, `quicksend`, `endbatch`, `si_push`, `ind_push`, `token_pay`, …) under its
   * real name, with the managed session; resolves its raw answer lines. Parameters are checked against
   * the contract before anything is sent, and go out in the WSDL's order.
   */
  async call(operation: string, params: CommandParams = {}, options?: CallOptions): Promise<string[]> {
    if (!isClickatellOperation(operation) || !CLICKATELL_OPERATIONS[operation]!.session) {
      throw new ValidationError(`unknown operation "${operation}"`, {
        provider: PROVIDER,
        field: 'operation',
      });
    }
    const fields = CLICKATELL_OPERATIONS[operation]!.fields;
    for (const name of Object.keys(params)) {
      const spec = fields.find((f) => f.name === name);
      if (!spec || MANAGED_FIELDS.has(name)) {
        throw new ValidationError(`"${operation}" takes no parameter "${name}"`, {
          provider: PROVIDER,
          field: name,
        });
      }
      const values = ([] as unknown[]).concat(params[name]);
      const valid = spec.type === 'int' ? /^-?\d+$/ : /^/;
      if (
        values.length === 0 ||
        (!spec.repeated && values.length > 1) ||
        !values.every((v) => (typeof v === 'string' || typeof v === 'number') && valid.test(String(v)))
      ) {
        const expected = spec.type === 'int' ? 'an integer' : 'a string';
        throw new ValidationError(
          `"${name}" must be ${spec.repeated ? `one or more of ${expected}` : expected}`,
          {
            provider: PROVIDER,
            field: name,
          },
        );
      }
    }
    const missing = fields.find((f) => f.required && params[f.name] === undefined);
    if (missing) {
      throw new ValidationError(`"${operation}" needs "${missing.name}"`, {
        provider: PROVIDER,
        field: missing.name,
      });
    }
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
