/**
 * Clickatell Secure REST two-factor authentication: {@link ClickatellMfaClient} sends PIN, Grid and GridPlus
 * challenges, verifies PINs and polls for the result. The service's facts are in `@x/clickatell-mfa/contract`.
 *
 * @module \@x/clickatell-mfa
 */
export {
  type ChallengeStatus,
  type GridChallenge,
  type PinChallenge,
  readStatus,
  type WaitOptions,
} from './challenges.js';
export { ClickatellMfaClient } from './clickatellMfaClient.js';
export { AUTH_TYPES, CHALLENGE_STATUSES, type ChallengeState, findChallengeProblem } from './contract.js';
export { type ClickatellMfaOptions, DEFAULT_BASE_URL } from './options.js';
