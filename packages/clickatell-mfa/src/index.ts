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
export { AUTH_TYPES, CHALLENGE_STATUSES, type ChallengeState, findChallengeProblem } from './contract.js';
