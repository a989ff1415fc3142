import { type CallOptions, ProtocolError } from '@x/core';
import { CHALLENGE_STATUSES, type ChallengeState } from './contract.js';
import { PROVIDER } from './validation.js';

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
