import {
  type Clock,
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
  clickatellError,
  expectOk,
  PROVIDER,
  parseFields,
  resultLines,
  throwIfWholeError,
} from './replyLines.js';
import { CLICKATELL_COMMANDS, CLICKATELL_WSDL } from './wsdl.js';

export const DEFAULT_ENDPOINT = 'https://api.clickatell.com/soap/document_literal/webservice';
const SESSION_IDLE_MS = 15 * 60_000;
const KEEP_ALIVE_MS = 10 * 60_000;
const MAX_RECIPIENTS = 300;
const MSISDN = /^\d{7,15}$/;

export interface ClickatellSoapOptions {
  apiId: string | number;
  user: string;
  password: string | Secret;
  /** Document/literal endpoint; default Clickatell's HTTPS one. */
  endpoint?: string;
  /** Ping every 10 minutes (or `intervalMs`) while a session is held. Timers never hold the process open. */
  keepAlive?: boolean | { intervalMs?: number };
  /** Where the session lives; share one (e.g. Redis) across processes. Default: in memory. */
  store?: TokenStore;
  /** Per call; default 10 s. */
  timeoutMs?: number;
  /** Time source (tests pass `ManualClock`). */
  clock?: Clock;
  /** A different WSDL (text or URL) than the bundled one. */
  wsdl?: string;
}

export interface SendMessageInput {
  /** One MSISDN or up to 300, international format, digits only. */
  to: string | string[];
  text: string;
  from?: string;
}

/** One recipient's outcome: an API message ID, or the error Clickatell gave for that number. */
export type SendResult = { to: string; apiMessageId: string } | { to: string; error: Error };

function required(value: unknown, field: string): string {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} is required`, { provider: PROVIDER, field });
  }
  return value;
}

/**
 * Clickatell's SOAP API with a managed session: `sessionId()` authenticates once for any number of
 * callers, every command extends the 15-minute idle expiry, an expired session (`ERR: 003`/`005`)
 * is replaced once and the command retried, and optional keep-alive pings hold it open.
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
  async auth(): Promise<string> {
    const lines = await this.#send('auth', {
      api_id: this.#apiId,
      user: this.#user,
      password: this.#password,
    });
    const session = expectOk(lines);
    if (!/^[0-9a-fA-F]{8,64}$/.test(session)) {
      throw new ProtocolError('auth answered OK without a session ID', { provider: PROVIDER });
    }
    registerSecret(session); // scrubbed from every later error message
    return session;
  }

  /** A live session ID: cached, shared by concurrent callers, replaced when it expires. */
  sessionId(): Promise<string> {
    return this.#sessions.get();
  }

  /** Ping the current session (getting one first if needed), extending it by 15 minutes. */
  ping(): Promise<void> {
    return this.#sessions.use((session) => this.#ping(session));
  }

  /** The account's remaining credit. */
  async getBalance(): Promise<number> {
    const [line] = await this.#command('getbalance', {});
    const credit = Number(parseFields(line!).Credit);
    if (!Number.isFinite(credit))
      throw new ProtocolError('getbalance answered without "Credit:"', { provider: PROVIDER });
    return credit;
  }

  /** Send one message to one or many numbers; each recipient gets its own result. */
  async sendMessage(input: SendMessageInput): Promise<SendResult[]> {
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
    const lines = await this.#command('sendmsg', { to, text, ...(input.from ? { from: input.from } : {}) });
    return lines.map((line, i) => {
      const fields = parseFields(line);
      const recipient = fields.To ?? to[i] ?? to[0]!;
      if (fields.ID) return { to: recipient, apiMessageId: fields.ID };
      const reply = parseReplyLine(PROVIDER, line);
      return {
        to: recipient,
        error: reply.ok
          ? new ProtocolError('sendmsg line has no ID', { provider: PROVIDER })
          : clickatellError(reply.code, reply.description),
      };
    });
  }

  /** The delivery status code of a message (`'004'`: received by recipient). */
  async queryMessage(apiMsgId: string): Promise<{ apiMessageId: string; status: string }> {
    const [line] = await this.#command('querymsg', { apimsgid: required(apiMsgId, 'apiMsgId') });
    const fields = parseFields(line!);
    if (!fields.Status)
      throw new ProtocolError('querymsg answered without "Status:"', { provider: PROVIDER });
    return { apiMessageId: fields.ID ?? apiMsgId, status: fields.Status };
  }

  /** Any documented command with the managed session; resolves its raw answer lines. */
  call(command: string, params: Record<string, string | string[]> = {}): Promise<string[]> {
    const spec = CLICKATELL_COMMANDS[command];
    if (!spec || command === 'auth') {
      throw new ValidationError(`unknown command "${command}"`, { provider: PROVIDER, field: 'command' });
    }
    const known = new Set(spec.params.map((p) => p.replace('[]', '')));
    const unknown = Object.keys(params).find(
      (name) => !known.has(name) || name === 'session_id' || name === 'password',
    );
    if (unknown)
      throw new ValidationError(`"${command}" takes no parameter "${unknown}"`, {
        provider: PROVIDER,
        field: unknown,
      });
    return this.#command(command, params);
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

  async #ping(session: string): Promise<void> {
    expectOk(await this.#send('ping', { session_id: session }));
  }

  #command(command: string, params: Record<string, unknown>): Promise<string[]> {
    // session IDs are registered secrets (scrubbed from errors) when issued; no wrapper needed per call
    return this.#sessions.use(async (session) =>
      throwIfWholeError(await this.#send(command, { session_id: session, ...params })),
    );
  }

  async #send(command: string, params: Record<string, unknown>): Promise<string[]> {
    return resultLines(await this.#soap.call(command, params));
  }
}
