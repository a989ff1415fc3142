import type { TokenExpiry } from '@x/sbt/contract';
import type { ClickatellAccount } from './services/clickatellSoap.js';
import type { CmsForms, CmsUser } from './services/cmsAuth.js';

/** Accounts every emulator starts with. They are test credentials of this emulator, not real ones. */
export const SEEDED = {
  /** Clickatell SOAP accounts, one for each way `auth` and `sendmsg` can go. */
  clickatellSoap: {
    /** Logs in and sends: 100 credits. */
    demo: {
      /** The API ID `auth` must carry. */
      apiId: '3550001',
      /** The user name. */
      user: 'demo',
      /** The password. */
      password: 'demo-password',
      /** Credit it starts with (and gets back on `reset()`). */
      credit: 100,
    },
    /** A frozen account: `auth` answers `ERR: 004, Account frozen`. */
    frozen: {
      /** The API ID `auth` must carry. */
      apiId: '3550002',
      /** The user name. */
      user: 'frozen',
      /** The password. */
      password: 'frozen-password',
      /** Credit it starts with (and gets back on `reset()`). */
      credit: 10,
      /** The code every `auth` answers. */
      refuse: '004',
    },
    /** An account locked to other IP addresses: `auth` answers `ERR: 007, IP Lockdown violation`. */
    ipLocked: {
      /** The API ID `auth` must carry. */
      apiId: '3550003',
      /** The user name. */
      user: 'locked',
      /** The password. */
      password: 'locked-password',
      /** Credit it starts with (and gets back on `reset()`). */
      credit: 10,
      /** The code every `auth` answers. */
      refuse: '007',
    },
    /** Logs in but has no credit: `sendmsg` answers `ERR: 301, No credit left`. */
    broke: {
      /** The API ID `auth` must carry. */
      apiId: '3550004',
      /** The user name. */
      user: 'broke',
      /** The password. */
      password: 'broke-password',
      /** Credit it starts with (and gets back on `reset()`). */
      credit: 0,
    },
  } satisfies Record<string, ClickatellAccount>,
  /** The Clickatell Secure 2FA integration and its phone numbers. */
  clickatellMfa: {
    /** Bearer token of the seeded integration. */
    token: 'mfa-demo-token',
    /** A number the emulator cannot deliver to (status 052). */
    undeliverable: '2799900999',
    /** A number that receives challenges. */
    phone: '2799900001',
  },
  /** Solutions By Text API keys and an organisation code. */
  sbt: {
    /** One API key per expiry setting. */
    keys: {
      /** Each new token kills the previous one. */
      'expire-on-new': 'sbt-key-expire-on-new',
      /** Tokens never expire. */
      never: 'sbt-key-never',
      /** Tokens live one day. */
      '1-day': 'sbt-key-1-day',
      /** Tokens live one week. */
      '1-week': 'sbt-key-1-week',
      /** Tokens live one year. */
      '1-year': 'sbt-key-1-year',
      /** Tokens live ten years. */
      '10-years': 'sbt-key-10-years',
    } satisfies Record<TokenExpiry, string>,
    /** An organisation code to pass to `sendMessage`. */
    orgCode: 'DEMO01',
  },
  /** Recite CMS site users and forms. */
  cms: {
    /** alice in user directory 1, bob in directory 2. */
    users: [
      {
        /** The user's ID on the site. */
        id: '1001',
        /** The name the user logs in with. */
        username: 'alice',
        /** The password. */
        password: 'wonderland',
        /** The user's e-mail address. */
        email: 'alice@example.com',
        /** The user's first name. */
        firstName: 'Alice',
        /** The user's last name. */
        lastName: 'Liddell',
        /** The user directory that holds the user. */
        directoryId: '1',
      },
      {
        id: '1002',
        username: 'bob',
        password: 'builder',
        email: 'bob@example.com',
        firstName: 'Bob',
        lastName: 'Builder',
        directoryId: '2',
      },
    ] satisfies CmsUser[],
    /** Form IDs the site accepts. */
    forms: {
      /** Log-in form ID → the user directory it logs users in from; `10` is the default form. */
      login: {
        /** Logs in users of directory 1. */
        '10': '1',
        /** Logs in users of directory 2. */
        '11': '2',
      },
      /** The update-details form, which needs the `authToken` cookie. */
      updateDetails: '20',
    } satisfies CmsForms,
  },
};
