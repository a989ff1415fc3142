export { AUTH_TYPES, findChallengeProblem } from './challengeRules.js';
export { CHALLENGE_STATUSES, type ChallengeState } from './challengeStatus.js';
export {
  type ChallengeStatus,
  ClickatellMfaClient,
  type ClickatellMfaOptions,
  DEFAULT_BASE_URL,
  type GridChallenge,
  type PinChallenge,
  readStatus,
  type WaitOptions,
} from './clickatellMfaClient.js';
