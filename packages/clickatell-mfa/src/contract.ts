/**
 * Clickatell Secure's 2FA REST API as Clickatell documents it: the one place for its facts (the
 * challenge path, request limits, `challengeStatus` codes). The client and `@x/emulator` both import
 * this module (`@x/clickatell-mfa/contract`); nothing here depends on our code. Sources: ../README.md.
 *
 * @module \@x/clickatell-mfa/contract
 */

/** `POST {base}/rest/auth` asks for a challenge; `GET`/`PUT {base}/rest/auth/{apiRequestId}` follow it. */
export const MFA_AUTH_PATH = '/rest/auth';

/** What a challenge's status means to a caller. */
export type ChallengeState =
  | 'pending'
  | 'solved'
  | 'retry'
  | 'expired'
  | 'failed'
  | 'unknown-request'
  | 'error';

/**
 * Clickatell Secure's `challengeStatus` codes. `terminal` states never change again.
 */
export const CHALLENGE_STATUSES: Readonly<
  Record<
    string,
    {
      /** Clickatell's text for the code. */
      description: string;
      /** What the code means to a caller. */
      state: ChallengeState;
      /** True when a challenge in this status never changes again. */
      terminal: boolean;
    }
  >
> = {
  '001': { description: 'Unknown API Request ID', state: 'unknown-request', terminal: true },
  '010': { description: 'Waiting for challenge to be solved', state: 'pending', terminal: false },
  '020': { description: 'Challenge solved', state: 'solved', terminal: true },
  '030': { description: 'Challenge not solved, try again', state: 'retry', terminal: false },
  '050': { description: 'Challenge time exceeded', state: 'expired', terminal: true },
  '051': { description: 'Challenge failed, maximum attempts reached', state: 'failed', terminal: true },
  '052': { description: 'Message delivery failed', state: 'failed', terminal: true },
  '053': { description: 'Internal error, request new challenge', state: 'error', terminal: true },
};

/** A challenge request as it goes on the wire (`POST /rest/auth`). */
export interface ChallengeBody {
  /** One of {@link AUTH_TYPES}. */
  authType: string;
  /** The user's MSISDN, international format, digits only. */
  to: string;
  /** A two-way number or a sender ID of up to 11 letters and digits. */
  from?: string;
  /** `pin` only: the PIN to send, 4 to 8 letters or digits, instead of a generated one. */
  customPin?: string;
  /** Minutes until the challenge expires (default {@link DEFAULT_EXPIRE_MINUTES}). */
  overrideExpireTime?: number;
  /** How many attempts the user gets (default {@link DEFAULT_MAXIMUM_RETRIES}). */
  maximumRetries?: number;
  /** `grid`/`gridplus`: how many grids to solve, 1 to 3. */
  numberOfChallenges?: number;
  /** `grid`/`gridplus`: images per grid, an even number from 2 to 8. */
  numberOfImagesPerChallenge?: number;
  /** `grid`/`gridplus`: an http(s) URL of the company logo shown with the grid. */
  companyImageUrl?: string;
}

/** The challenge kinds Clickatell Secure sends, as `authType` names them. */
export const AUTH_TYPES = ['pin', 'grid', 'gridplus'] as const;
/** Minutes a challenge stays open when the request does not say (`overrideExpireTime`). */
export const DEFAULT_EXPIRE_MINUTES = 5;
/** Attempts a user gets when the request does not say (`maximumRetries`). */
export const DEFAULT_MAXIMUM_RETRIES = 1;

const MSISDN = /^[1-9]\d{6,14}$/;
const SENDER = /^(?:[A-Za-z0-9 ]{1,11}|\+?\d{1,16})$/;
const PIN = /^[A-Za-z0-9]{4,8}$/;

const isPositiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const inRange = (v: unknown, min: number, max: number) =>
  isPositiveInt(v) && (v as number) >= min && (v as number) <= max;

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The documented limits of a challenge request: the first problem found, or undefined. The client
 * rejects bad input with it before sending; the emulator answers 400 with it.
 */
export function findChallengeProblem(body: Record<string, unknown>):
  | {
      /** The offending field, e.g. `'to'`. */
      field: string;
      /** What is wrong with it, fit for a `ValidationError` or a 400 answer. */
      message: string;
    }
  | undefined {
  const problem = (field: string, message: string) => ({ field, message });
  if (!AUTH_TYPES.includes(body.authType as (typeof AUTH_TYPES)[number])) {
    return problem('authType', 'authType must be pin, grid or gridplus');
  }
  if (typeof body.to !== 'string' || !MSISDN.test(body.to)) {
    return problem('to', 'to must be one MSISDN in international format, digits only (e.g. 2799900001)');
  }
  if (body.from !== undefined && (typeof body.from !== 'string' || !SENDER.test(body.from))) {
    return problem('from', 'from must be a two-way number or a sender ID of up to 11 letters and digits');
  }
  if (body.customPin !== undefined) {
    if (body.authType !== 'pin') return problem('customPin', 'customPin applies only to pin challenges');
    if (typeof body.customPin !== 'string' || !PIN.test(body.customPin)) {
      return problem('customPin', 'customPin must be 4 to 8 letters or digits');
    }
  }
  if (body.overrideExpireTime !== undefined && !isPositiveInt(body.overrideExpireTime)) {
    return problem('overrideExpireTime', 'overrideExpireTime must be a positive whole number of minutes');
  }
  if (body.maximumRetries !== undefined && !isPositiveInt(body.maximumRetries)) {
    return problem('maximumRetries', 'maximumRetries must be a positive whole number');
  }
  if (body.numberOfChallenges !== undefined && !inRange(body.numberOfChallenges, 1, 3)) {
    return problem('numberOfChallenges', 'numberOfChallenges must be 1, 2 or 3');
  }
  const images = body.numberOfImagesPerChallenge;
  if (images !== undefined && (!inRange(images, 2, 8) || (images as number) % 2 !== 0)) {
    return problem(
      'numberOfImagesPerChallenge',
      'numberOfImagesPerChallenge must be an even number from 2 to 8',
    );
  }
  if (body.companyImageUrl !== undefined && !isHttpUrl(body.companyImageUrl)) {
    return problem('companyImageUrl', 'companyImageUrl must be an http(s) URL');
  }
  return undefined;
}
