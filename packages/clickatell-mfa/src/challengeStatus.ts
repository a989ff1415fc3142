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
 * Clickatell Secure's `challengeStatus` codes (see ../README.md for sources). The one copy: the client
 * maps codes with it and the emulator answers with it. `terminal` states never change again.
 */
export const CHALLENGE_STATUSES: Readonly<
  Record<string, { description: string; state: ChallengeState; terminal: boolean }>
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
