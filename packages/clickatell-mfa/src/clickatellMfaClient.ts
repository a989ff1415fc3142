import {
  AuthenticationError,
  abortError,
  type CallOptions,
  type Clock,
  callSignal,
  ProtocolError,
  type ProviderError,
  RateLimitError,
  Secret,
  ServiceError,
  sleep,
  systemClock,
  ValidationError,
} from '@x/core';
import { type HttpResponse, HttpTransport } from '@x/core/http';
import {
  CHALLENGE_STATUSES,
  type ChallengeBody,
  type ChallengeState,
  DEFAULT_EXPIRE_MINUTES,
  findChallengeProblem,
  MFA_AUTH_PATH,
} from './contract.js';

export const PROVIDER = 'clickatell-mfa';
/** Clickatell's REST host, used when no `baseUrl` is given. */
export const DEFAULT_BASE_URL = 'https://api.clickatell.com';
const DEFAULT_POLL_MS = 5_000;

/** Credentials and settings of a {@link ClickatellMfaClient}. */
export interface ClickatellMfaOptions {
  /** The integration's REST API token (sent as `Authorization: Bearer`). */
  token: string | Secret;
  /** Default `https://api.clickatell.com`. */
  baseUrl?: string;
  /** One deadline for each request: its retries, `Retry-After` waits and body included; default 10 s. */
  timeoutMs?: number;
  /** Time source for polling and expire times (tests pass `ManualClock`). */
  clock?: Clock;
  /** Your own `fetch` (a proxy dispatcher, custom TLS, request recording). */
  fetch?: typeof fetch;
  /** Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. */
  proxyFromEnv?: boolean;
}

interface ChallengeCommon {
  /** One MSISDN, international format, digits only (e.g. `2799900001`). */
  to: string;
  /** A two-way number or sender ID. */
  from?: string;
  /** Minutes until the challenge times out (Clickatell's default: 5). */
  overrideExpireTime?: number;
  /** How many attempts the user gets (Clickatell's default: 1). */
  maximumRetries?: number;
}

/** A PIN challenge for {@link ClickatellMfaClient.requestPin}: Clickatell texts the user a PIN. */
export interface PinChallenge extends ChallengeCommon {
  /** Your own PIN: 4 to 8 letters or digits. */
  customPin?: string;
}

/** A Grid or GridPlus challenge for {@link ClickatellMfaClient.requestGrid}. */
export interface GridChallenge extends ChallengeCommon {
  /** 1 to 3 (default 3). */
  numberOfChallenges?: number;
  /** An even number from 2 to 8 (default 6). */
  numberOfImagesPerChallenge?: number;
  /** http(s) URL of your logo. */
  companyImageUrl?: string;
  /** Send a GridPlus challenge instead of a Grid one. */
  gridPlus?: boolean;
}

/** A challenge's status: Clickatell's code and text, plus what it means. */
export interface ChallengeStatus {
  /** Clickatell's status code, e.g. `'020'` (see `CHALLENGE_STATUSES`). */
  challengeStatus: string;
  /** Clickatell's own flag that the user solved the challenge. */
  challengeSolved: boolean;
  /** Clickatell's text for the status, or the table's text when the answer carried none. */
  description: string;
  /** What the status means to a caller. */
  state: ChallengeState;
  /** True when the status can no longer change. */
  terminal: boolean;
}

/** How {@link ClickatellMfaClient.waitForResult} polls; `signal` stops waiting with a `TransportError`. */
export interface WaitOptions extends CallOptions {
  /** Between polls; default 5 s, as Clickatell suggests. */
  intervalMs?: number;
  /** Called with every status read. */
  onStatus?: (status: ChallengeStatus) => void;
  /** Stop at this time (epoch ms); default: the expire time of a challenge this client created, else 5 minutes from now. */
  deadline?: number;
}

/** The REST error body `{"error":{code,description,documentation}}` or an empty 401, as the error family. */
function mapRestError(response: HttpResponse): ProviderError | undefined {
  const body = (response.data as { error?: { code?: unknown; description?: unknown } } | undefined)?.error;
  const code =
    typeof body?.code === 'string' || typeof body?.code === 'number' ? String(body.code) : undefined;
  const text = typeof body?.description === 'string' ? body.description : `HTTP ${response.status}`;
  const options = { provider: PROVIDER, status: response.status, code };
  if (response.status === 401 || response.status === 403)
    return new AuthenticationError(body ? text : 'token rejected (HTTP 401, empty body)', options);
  if (response.status === 429) {
    return new RateLimitError(text, {
      ...options,
      retryAfterMs: Number(response.headers.get('retry-after')) * 1000 || undefined,
    });
  }
  if (response.status === 402) return new ServiceError(`${text}: not enough credit`, options);
  if (body) return new ServiceError(text, { ...options, retryable: response.status >= 500 });
  return undefined;
}

/**
 * Clickatell Secure REST two-factor authentication: send PIN, Grid or GridPlus challenges, verify PINs,
 * poll to the end. A challenge POST is never retried automatically: it sends an SMS.
 */
export class ClickatellMfaClient {
  readonly #http: HttpTransport;
  readonly #clock: Clock;
  /** Expire times of challenges this client created, for `waitForResult`. */
  readonly #expiresAt = new Map<string, number>();

  constructor(options: ClickatellMfaOptions) {
    if (!(options.token instanceof Secret) && (typeof options.token !== 'string' || options.token === '')) {
      throw new ValidationError('token is required', { provider: PROVIDER, field: 'token' });
    }
    const token = Secret.from(options.token);
    this.#clock = options.clock ?? systemClock;
    this.#http = new HttpTransport({
      provider: PROVIDER,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      headers: { authorization: new Secret(`Bearer ${token.reveal()}`), 'x-version': '1' },
      mapError: mapRestError,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      proxyFromEnv: options.proxyFromEnv,
    });
  }

  /** Send a PIN challenge by SMS. */
  async requestPin(
    input: PinChallenge,
    options?: CallOptions,
  ): Promise<{
    /** The challenge's ID, for `getStatus`, `verifyPin` and `waitForResult`. */
    apiRequestId: string;
  }> {
    const { customPin, ...common } = input;
    return this.#challenge(
      { authType: 'pin', ...common, ...(customPin === undefined ? {} : { customPin }) },
      options,
    );
  }

  /** Send a Grid (or, with `gridPlus`, a GridPlus) challenge. */
  async requestGrid(
    input: GridChallenge,
    options?: CallOptions,
  ): Promise<{
    /** The challenge's ID, for `getStatus` and `waitForResult`. */
    apiRequestId: string;
  }> {
    const { gridPlus, ...rest } = input;
    return this.#challenge({ authType: gridPlus ? 'gridplus' : 'grid', ...rest }, options);
  }

  /** The challenge's current status. */
  async getStatus(apiRequestId: string, options?: CallOptions): Promise<ChallengeStatus> {
    const response = await this.#http.request({
      method: 'GET',
      path: `${MFA_AUTH_PATH}/${this.#id(apiRequestId)}`,
      signal: callSignal(PROVIDER, options),
    });
    return readStatus(response.data);
  }

  /** Check the PIN the user typed. Not retried: each try counts against `maximumRetries`. */
  async verifyPin(apiRequestId: string, pinCode: string, options?: CallOptions): Promise<ChallengeStatus> {
    if (typeof pinCode !== 'string' || !/^[A-Za-z0-9]{1,16}$/.test(pinCode)) {
      throw new ValidationError('pinCode must be letters or digits', {
        provider: PROVIDER,
        field: 'pinCode',
      });
    }
    const response = await this.#http.request({
      method: 'PUT',
      path: `${MFA_AUTH_PATH}/${this.#id(apiRequestId)}`,
      json: { pinCode },
      signal: callSignal(PROVIDER, options),
    });
    return readStatus(response.data);
  }

  /**
   * Poll until the challenge is solved, fails or expires (or `signal` aborts, or `timeoutMs` passes);
   * resolves the last status.
   */
  async waitForResult(apiRequestId: string, options: WaitOptions = {}): Promise<ChallengeStatus> {
    const signal = callSignal(PROVIDER, options);
    const interval = options.intervalMs ?? DEFAULT_POLL_MS;
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new ValidationError('intervalMs must be positive', { provider: PROVIDER, field: 'intervalMs' });
    }
    const deadline =
      options.deadline ??
      this.#expiresAt.get(apiRequestId) ??
      this.#clock.now() + DEFAULT_EXPIRE_MINUTES * 60_000;
    for (;;) {
      throwIfAborted(signal);
      const status = await this.getStatus(apiRequestId, { signal });
      options.onStatus?.(status);
      if (status.terminal || this.#clock.now() >= deadline) return status;
      await sleep(
        this.#clock,
        Math.min(interval, Math.max(0, deadline - this.#clock.now())),
        PROVIDER,
        signal,
      );
    }
  }

  async #challenge(body: ChallengeBody, options?: CallOptions): Promise<{ apiRequestId: string }> {
    const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const problem = findChallengeProblem(clean);
    if (problem) throw new ValidationError(problem.message, { provider: PROVIDER, field: problem.field });
    const sentAt = this.#clock.now();
    const response = await this.#http.request({
      method: 'POST',
      path: MFA_AUTH_PATH,
      json: clean,
      signal: callSignal(PROVIDER, options),
    });
    const id = (response.data as { data?: { apiRequestId?: unknown } } | undefined)?.data?.apiRequestId;
    if (typeof id !== 'string' || id === '') {
      throw new ProtocolError('challenge accepted without an apiRequestId', {
        provider: PROVIDER,
        status: response.status,
      });
    }
    this.#expiresAt.set(id, sentAt + (body.overrideExpireTime ?? DEFAULT_EXPIRE_MINUTES) * 60_000);
    return { apiRequestId: id };
  }

  #id(apiRequestId: string): string {
    if (typeof apiRequestId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(apiRequestId)) {
      throw new ValidationError('apiRequestId is not a valid ID', {
        provider: PROVIDER,
        field: 'apiRequestId',
      });
    }
    return apiRequestId;
  }

  /** Forget the expire times of the challenges this client created. Nothing else is held open. */
  close(): void {
    this.#expiresAt.clear();
  }

  /** `await using mfa = new ClickatellMfaClient(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(PROVIDER, signal);
}

/** The one reading of a GET/PUT status body. */
export function readStatus(data: unknown): ChallengeStatus {
  const body = (data as { data?: Record<string, unknown> } | undefined)?.data;
  const code = body?.challengeStatus;
  // own keys only: a code such as "valueOf" must not match an Object.prototype member
  const known =
    typeof code === 'string' && Object.hasOwn(CHALLENGE_STATUSES, code)
      ? CHALLENGE_STATUSES[code]
      : undefined;
  if (!body || !known)
    throw new ProtocolError('status answer has no known challengeStatus', { provider: PROVIDER });
  const solved = body.challengeSolved;
  return {
    challengeStatus: code as string,
    challengeSolved: solved === true || solved === 1 || solved === '1' || solved === 'true',
    description: typeof body.description === 'string' ? body.description : known.description,
    state: known.state,
    terminal: known.terminal,
  };
}
