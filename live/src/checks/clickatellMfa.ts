import { ClickatellMfaClient, type ClickatellMfaOptions } from '@x/clickatell-mfa';
import { SEEDED } from '@x/emulator';
import type { ClickatellMfaSettings } from '../liveEnv.ts';
import { rejects, resolves, type ServiceCheck, tooLongToWait } from '../serviceCheck.ts';

/** An ID no challenge has: asking for its status carries the token and sends nothing to anyone. */
export const UNKNOWN_CHALLENGE = 'x-live-no-such-challenge';
/** Not the integration's token: the wrong-token check sends this, once. */
export const WRONG_TOKEN = 'x-live-wrong-token';
const REFUSED = ['AuthenticationError'];

/** Clickatell 2FA: the token on a call that sends nothing, a wrong token; a PIN challenge when asked. */
export const clickatellMfaCheck: ServiceCheck<ClickatellMfaSettings> = {
  service: 'clickatell-mfa',
  clients: ({ token }) => ({ integration: { token }, wrong: { token: WRONG_TOKEN } }),
  create: (options, url) =>
    new ClickatellMfaClient({ ...(options as unknown as ClickatellMfaOptions), baseUrl: url }),
  upstream: ({ baseUrl }) => baseUrl,
  secrets: ({ token }, { mfaChallengeTo }) => [
    [token, 'token'],
    ...(mfaChallengeTo ? [[mfaChallengeTo, 'phone'] as [string, 'phone']] : []),
  ],
  steps: (_, { mfaChallengeTo }) => [
    {
      mustPass: true,
      title: 'the token accepted (status of an unknown challenge)',
      client: 'integration',
      call: 'getStatus',
      args: () => [UNKNOWN_CHALLENGE],
      // any typed answer but a refused token: the service read the token and looked for the challenge
      expect: (outcome) =>
        'error' in outcome && REFUSED.includes(outcome.error.name) ? 'the token was refused' : undefined,
    },
    {
      title: 'a wrong token (once)',
      client: 'wrong',
      call: 'getStatus',
      args: () => [UNKNOWN_CHALLENGE],
      expect: rejects(REFUSED),
    },
    ...(mfaChallengeTo
      ? [
          {
            title: 'one PIN challenge',
            client: 'integration',
            call: 'requestPin',
            args: () => [{ to: mfaChallengeTo, maximumRetries: 2 }],
            notice: `sends one PIN challenge (an SMS) to ${mfaChallengeTo} on your Clickatell integration`,
            expect: resolves((sent: { apiRequestId?: string }) =>
              sent?.apiRequestId ? undefined : 'no apiRequestId',
            ),
          },
          {
            title: 'the challenge polled',
            client: 'integration',
            call: 'getStatus',
            args: (earlier: (title: string) => unknown) => [challengeId(earlier)],
            expect: resolves(),
          },
          {
            title: 'a wrong PIN (one of its 2 tries)',
            client: 'integration',
            call: 'verifyPin',
            args: (earlier: (title: string) => unknown) => [challengeId(earlier), '000000'],
            expect: resolves((status: { challengeSolved?: boolean }) =>
              status?.challengeSolved ? 'a wrong PIN solved the challenge' : undefined,
            ),
          },
        ]
      : [
          {
            title: 'one PIN challenge',
            skipped: 'sends an SMS: set LIVE_MFA_CHALLENGE_TO=<number> to send one',
          },
        ]),
    tooLongToWait('the token does not expire; challenges expire after minutes'),
  ],
  onEmulator: (emulator, settings, optIns) => ({
    settings: { ...settings, token: SEEDED.clickatellMfa.token, baseUrl: emulator.urls.clickatellMfa },
    optIns: { ...optIns, ...(optIns.mfaChallengeTo ? { mfaChallengeTo: SEEDED.clickatellMfa.phone } : {}) },
  }),
};

const challengeId = (earlier: (title: string) => unknown) =>
  (earlier('one PIN challenge') as { apiRequestId?: string } | undefined)?.apiRequestId ?? UNKNOWN_CHALLENGE;
