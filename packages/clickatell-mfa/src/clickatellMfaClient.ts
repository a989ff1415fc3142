import {
  abortError,
  type CallOptions,
  type Clock,
  callSignal,
  ProtocolError,
  Secret,
  sleep,
  systemClock,
} from '@x/core';
import { HttpTransport } from '@x/core/http';
import {
  type ChallengeStatus,
  type GridChallenge,
  type PinChallenge,
  readStatus,
  type WaitOptions,
} from './challenges.js';
import {
  type ChallengeBody,
  DEFAULT_EXPIRE_MINUTES,
  findChallengeProblem,
  MFA_AUTH_PATH,
} from './contract.js';
import { type ClickatellMfaOptions, DEFAULT_BASE_URL } from './options.js';
import { mapRestError } from './restErrors.js';
import { checkedId, invalid, PROVIDER } from './validation.js';

/** Between polls of `waitForResult`, as Clickatell suggests. */
const DEFAULT_POLL_MS = 5_000;

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
      throw invalid({ field: 'token', message: 'token is required' });
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
    const body = { authType: 'pin', ...common, ...(customPin === undefined ? {} : { customPin }) } as const;
    return this.#challenge(body, options);
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
    const path = `${MFA_AUTH_PATH}/${checkedId(apiRequestId)}`;
    const response = await this.#http.request({ method: 'GET', path, signal: callSignal(PROVIDER, options) });
    return readStatus(response.data);
  }

  /** Check the PIN the user typed. Not retried: each try counts against `maximumRetries`. */
  async verifyPin(apiRequestId: string, pinCode: string, options?: CallOptions): Promise<ChallengeStatus> {
    if (typeof pinCode !== 'string' || !/^[A-Za-z0-9]{1,16}$/.test(pinCode)) {
      throw invalid({ field: 'pinCode', message: 'pinCode must be letters or digits' });
    }
    const path = `${MFA_AUTH_PATH}/${checkedId(apiRequestId)}`;
    const signal = callSignal(PROVIDER, options);
    const response = await this.#http.request({ method: 'PUT', path, json: { pinCode }, signal });
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
      throw invalid({ field: 'intervalMs', message: 'intervalMs must be positive' });
    }
    const deadline =
      options.deadline ??
      this.#expiresAt.get(apiRequestId) ??
      this.#clock.now() + DEFAULT_EXPIRE_MINUTES * 60_000;
    for (;;) {
      if (signal?.aborted) throw abortError(PROVIDER, signal);
      const status = await this.getStatus(apiRequestId, { signal });
      options.onStatus?.(status);
      if (status.terminal || this.#clock.now() >= deadline) return status;
      const untilDeadline = Math.max(0, deadline - this.#clock.now());
      await sleep(this.#clock, Math.min(interval, untilDeadline), PROVIDER, signal);
    }
  }

  /** Forget the expire times of the challenges this client created. Nothing else is held open. */
  close(): void {
    this.#expiresAt.clear();
  }

  /** `await using mfa = new ClickatellMfaClient(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** POST a challenge (once: it sends an SMS), remembering when it expires. */
  async #challenge(body: ChallengeBody, options?: CallOptions): Promise<{ apiRequestId: string }> {
    const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const problem = findChallengeProblem(clean);
    if (problem) throw invalid(problem);
    const sentAt = this.#clock.now();
    const signal = callSignal(PROVIDER, options);
    const response = await this.#http.request({ method: 'POST', path: MFA_AUTH_PATH, json: clean, signal });
    const id = (response.data as { data?: { apiRequestId?: unknown } } | undefined)?.data?.apiRequestId;
    if (typeof id !== 'string' || id === '') {
      const details = { provider: PROVIDER, status: response.status };
      throw new ProtocolError('challenge accepted without an apiRequestId', details);
    }
    this.#expiresAt.set(id, sentAt + (body.overrideExpireTime ?? DEFAULT_EXPIRE_MINUTES) * 60_000);
    return { apiRequestId: id };
  }
}
