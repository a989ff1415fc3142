import { CmsAuthClient } from '@x/cms-auth';
import { SEEDED } from '@x/emulator';
import type { CmsSettings } from '../liveEnv.ts';
import { type LiveStep, rejects, resolves, type SecretValue, type ServiceCheck } from '../serviceCheck.ts';

/** Not the user's password: the wrong-password check sends this, once. */
export const WRONG_PASSWORD = 'x-live-wrong-password';
/** A token Recite never issued. */
export const UNKNOWN_TOKEN = 'x-live-unknown-token';
const REFUSED = ['CmsLoginError', 'AuthenticationError'];
const LOGIN = 'log-in';
const token = (earlier: (title: string) => unknown) => [
  (earlier(LOGIN) as { token?: string } | undefined)?.token ?? UNKNOWN_TOKEN,
];
const is = (want: boolean) => resolves((value) => (value === want ? undefined : `answered ${value}`));
/** The user's details a log-in or identity answer holds: each one names the account. */
const identitySecrets = (identity: Record<string, unknown> | undefined): SecretValue[] =>
  Object.entries(identity ?? {})
    .filter(([name, value]) => typeof value === 'string' && name !== 'directoryId')
    .map(([, value]) => [value as string, 'account']);

/** Recite CMS: log-in, the token checked, identity, log-out (its expiry, forced), a wrong password. */
export const cmsAuthCheck: ServiceCheck<CmsSettings> = {
  service: 'cms-auth',
  clients: () => ({ site: {} }),
  create: (_, url) => new CmsAuthClient({ site: url }),
  upstream: ({ site }) => site,
  secrets: ({ site, user }) => [
    [new URL(site).host, 'host'],
    ...(user
      ? ([
          [user.username, 'account'],
          [user.password, 'password'],
        ] as SecretValue[])
      : []),
  ],
  steps: ({ user }) => {
    const wrong: LiveStep = {
      title: 'a wrong password (once)',
      client: 'site',
      call: 'authenticate',
      args: () => [{ username: user?.username ?? 'x-live-no-such-user', password: WRONG_PASSWORD }],
      expect: rejects(REFUSED),
    };
    const unknown: LiveStep = {
      title: 'a token Recite never issued',
      client: 'site',
      call: 'isValidToken',
      args: () => [UNKNOWN_TOKEN],
      expect: is(false),
    };
    if (!user)
      return [unknown, wrong, { title: LOGIN, skipped: 'set CMS_USERNAME and CMS_PASSWORD (a test user)' }];
    return [
      {
        mustPass: true,
        title: LOGIN,
        client: 'site',
        call: 'authenticate',
        args: () => [
          {
            username: user.username,
            password: user.password,
            ...(user.formId ? { formId: user.formId } : {}),
          },
        ],
        expect: resolves((result: { token?: string }) => (result?.token ? undefined : 'no token')),
        secrets: (result) => {
          const { token, identity } = result as { token: string; identity?: Record<string, unknown> };
          return [[token, 'token'], ...identitySecrets(identity)];
        },
      },
      { title: 'the token checked', client: 'site', call: 'isValidToken', args: token, expect: is(true) },
      {
        title: 'a call that carries the token (identity)',
        client: 'site',
        call: 'getIdentity',
        args: token,
        expect: resolves((identity) => (identity ? undefined : 'no identity')),
      },
      { title: 'log-out', client: 'site', call: 'destroyToken', args: token, expect: is(true) },
      {
        title: 'expiry (forced by log-out)',
        client: 'site',
        call: 'isValidToken',
        args: token,
        expect: is(false),
      },
      unknown,
      wrong,
    ];
  },
  onEmulator: (emulator, settings) => {
    const [alice] = SEEDED.cms.users;
    return {
      settings: {
        site: emulator.urls.cmsSite,
        ...(settings.user ? { user: { username: alice!.username, password: alice!.password } } : {}),
      },
      optIns: { sbtNewToken: false },
    };
  },
};
