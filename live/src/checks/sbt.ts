import { SEEDED } from '@x/emulator';
import { SbtClient, type SbtClientOptions } from '@x/sbt';
import type { SbtSettings } from '../liveEnv.ts';
import {
  type LiveStep,
  noRequest,
  rejects,
  resolves,
  type ServiceCheck,
  type SkippedStep,
} from '../serviceCheck.ts';

/** Not the account's key: the wrong-key check sends this, once. */
export const WRONG_KEY = 'x-live-wrong-key';
const TEXT = 'x-auth live suite: a test message you asked for (LIVE_SBT_SMS_TO)';
const token = (value: unknown) => (typeof value === 'string' && value ? undefined : 'no security token');

/**
 * Solutions By Text: a token over SOAP, reused, a second one over REST (under Expire On New it kills the
 * first, which the SMS step then finds out), a wrong key. Tokens on an Expire On New key, or a key whose
 * setting is not declared, need LIVE_SBT_NEW_TOKEN=yes: each one kills the token the account's apps hold.
 */
export const sbtCheck: ServiceCheck<SbtSettings> = {
  service: 'sbt',
  clients: ({ apiKey, tokenExpiry = 'expire-on-new' }) => ({
    soap: { apiKey, tokenExpiry, transport: 'soap' },
    rest: { apiKey, tokenExpiry, transport: 'rest' },
    wrong: { apiKey: WRONG_KEY, transport: 'rest' },
  }),
  create: (options, url) => new SbtClient({ ...(options as unknown as SbtClientOptions), baseUrl: url }),
  upstream: ({ baseUrl }) => baseUrl,
  secrets: ({ apiKey, orgCode }, { sbtSmsTo }) => [
    [apiKey, 'key'],
    ...(orgCode ? [[orgCode, 'account'] as [string, 'account']] : []),
    ...(sbtSmsTo ? [[sbtSmsTo, 'phone'] as [string, 'phone']] : []),
  ],
  steps: ({ tokenExpiry, orgCode }, { sbtNewToken, sbtSmsTo }) => {
    const exclusive = tokenExpiry === undefined || tokenExpiry === 'expire-on-new';
    const wrongKey: LiveStep = {
      title: 'a wrong key (once)',
      client: 'wrong',
      call: 'authenticateApiKey',
      expect: rejects(['AuthenticationError']),
    };
    if (exclusive && !sbtNewToken) {
      const why = `${tokenExpiry ? 'the key is Expire On New' : 'SBT_TOKEN_EXPIRY is not set, so the key may be Expire On New'}: a new token would kill the one your apps hold; set LIVE_SBT_NEW_TOKEN=yes to take tokens anyway`;
      const skip = (title: string): SkippedStep => ({ title, skipped: why });
      return [skip('a token (SOAP)'), wrongKey];
    }
    const notice = exclusive
      ? 'takes a new token: under Expire On New the one your apps hold dies'
      : undefined;
    const steps: (LiveStep | SkippedStep)[] = [
      {
        mustPass: true,
        title: 'a token (SOAP)',
        client: 'soap',
        call: 'securityToken',
        expect: resolves(token),
        secrets: (value) => [[String(value), 'token']],
        ...(notice ? { notice } : {}),
      },
      { title: 'the token reused', client: 'soap', call: 'securityToken', expect: noRequest },
      {
        title: 'another token (REST)',
        client: 'rest',
        call: 'authenticateApiKey',
        expect: resolves((result: { securityToken?: unknown }) => token(result?.securityToken)),
        secrets: (result) => [[String((result as { securityToken?: unknown })?.securityToken), 'token']],
        ...(notice ? { notice } : {}),
      },
      wrongKey,
    ];
    steps.push(
      sbtSmsTo && orgCode
        ? {
            title: exclusive
              ? 'one SMS with the first token (dead under Expire On New: one re-auth and retry)'
              : 'one SMS with the token',
            client: 'soap',
            call: 'sendMessage',
            args: () => [{ orgCode, message: TEXT, to: [sbtSmsTo] }],
            notice: `sends one SMS to ${sbtSmsTo} on your SBT account: "${TEXT}"`,
            expect: resolves((sent: { transactionTicket?: string }) =>
              sent?.transactionTicket ? undefined : 'no transaction ticket',
            ),
          }
        : {
            title: 'one SMS',
            skipped: 'costs money: set LIVE_SBT_SMS_TO=<number> and SBT_ORG_CODE to send one',
          },
    );
    return steps;
  },
  onEmulator: (emulator, settings, optIns) => ({
    settings: {
      ...settings,
      apiKey: SEEDED.sbt.keys[settings.tokenExpiry ?? 'expire-on-new'],
      baseUrl: emulator.urls.sbt,
      ...(settings.orgCode ? { orgCode: SEEDED.sbt.orgCode } : {}),
    },
    optIns: { ...optIns, ...(optIns.sbtSmsTo ? { sbtSmsTo: '5551234567' } : {}) },
  }),
};
