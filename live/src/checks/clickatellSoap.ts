import { ClickatellSoapClient, type ClickatellSoapOptions } from '@x/clickatell-soap';
import { CLICKATELL_SOAP_PATH } from '@x/clickatell-soap/contract';
import { SEEDED } from '@x/emulator';
import type { ClickatellSoapSettings } from '../liveEnv.ts';
import { noRequest, rejects, resolves, type ServiceCheck, tooLongToWait } from '../serviceCheck.ts';

/** Not the account's password: the wrong-password check sends this, once. */
export const WRONG_PASSWORD = 'x-live-wrong-password';
const TEXT = 'x-auth live suite: a test message you asked for (LIVE_CLICKATELL_SMS_TO)';

/** Clickatell SOAP: log-in, the session reused, calls that carry it, a wrong password; an SMS when asked. */
export const clickatellSoapCheck: ServiceCheck<ClickatellSoapSettings> = {
  service: 'clickatell-soap',
  clients: ({ apiId, user, password }) => ({
    account: { apiId, user, password },
    wrong: { apiId, user, password: WRONG_PASSWORD },
  }),
  create: (options, url) =>
    new ClickatellSoapClient({
      ...(options as unknown as ClickatellSoapOptions),
      endpoint: `${url}${CLICKATELL_SOAP_PATH}`,
    }),
  upstream: ({ endpoint }) => endpoint.replace(CLICKATELL_SOAP_PATH, '').replace(/\/+$/, ''),
  secrets: ({ apiId, user, password }, { clickatellSmsTo }) => [
    [apiId, 'api-id'],
    [user, 'user'],
    [password, 'password'],
    ...(clickatellSmsTo ? [[clickatellSmsTo, 'phone'] as [string, 'phone']] : []),
  ],
  steps: (_, { clickatellSmsTo }) => [
    {
      mustPass: true,
      title: 'log-in',
      client: 'account',
      call: 'sessionId',
      expect: resolves((id) => (typeof id === 'string' ? undefined : 'no session ID')),
      secrets: (id) => [[String(id), 'session']],
    },
    { title: 'the session reused', client: 'account', call: 'sessionId', expect: noRequest },
    {
      title: 'a call that carries the session (getbalance)',
      client: 'account',
      call: 'getBalance',
      expect: resolves((credit) => (typeof credit === 'number' ? undefined : 'no credit figure')),
    },
    { title: 'keep-alive ping', client: 'account', call: 'ping', expect: resolves() },
    {
      title: 'a wrong password (once)',
      client: 'wrong',
      call: 'auth',
      expect: rejects(['AuthenticationError']),
    },
    ...(clickatellSmsTo
      ? [
          {
            title: 'one SMS (sendmsg)',
            client: 'account',
            call: 'sendMessage',
            args: () => [{ to: clickatellSmsTo, text: TEXT }],
            notice: `sends one SMS to ${clickatellSmsTo} on your Clickatell account: "${TEXT}"`,
            expect: resolves((results: { apiMessageId?: string }[]) =>
              results[0]?.apiMessageId ? undefined : 'the message was not accepted',
            ),
          },
          {
            title: 'the message queried (querymsg)',
            client: 'account',
            call: 'queryMessage',
            args: (earlier: (title: string) => unknown) => [
              (earlier('one SMS (sendmsg)') as { apiMessageId?: string }[] | undefined)?.[0]?.apiMessageId ??
                'none',
            ],
            expect: resolves(),
          },
        ]
      : [
          {
            title: 'one SMS (sendmsg)',
            skipped: 'costs a credit: set LIVE_CLICKATELL_SMS_TO=<number> to send one',
          },
        ]),
    tooLongToWait('sessions expire after 15 idle minutes'),
  ],
  onEmulator: (emulator, settings, optIns) => {
    const { apiId, user, password } = SEEDED.clickatellSoap.demo;
    return {
      settings: { ...settings, apiId, user, password, endpoint: emulator.urls.clickatellSoap },
      optIns: {
        ...optIns,
        ...(optIns.clickatellSmsTo ? { clickatellSmsTo: SEEDED.clickatellMfa.phone } : {}),
      },
    };
  },
};
