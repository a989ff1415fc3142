import type { TokenExpiry } from '@x/sbt/contract';
import type { ClickatellAccount } from './services/clickatellSoap.js';
import type { CmsForms, CmsUser } from './services/cmsAuth.js';

/** Accounts every emulator starts with. They are test credentials of this emulator, not real ones. */
export const SEEDED = {
  clickatellSoap: {
    demo: { apiId: '3550001', user: 'demo', password: 'demo-password', credit: 100 },
    frozen: { apiId: '3550002', user: 'frozen', password: 'frozen-password', credit: 10, refuse: '004' },
    ipLocked: { apiId: '3550003', user: 'locked', password: 'locked-password', credit: 10, refuse: '007' },
    broke: { apiId: '3550004', user: 'broke', password: 'broke-password', credit: 0 },
  } satisfies Record<string, ClickatellAccount>,
  clickatellMfa: {
    /** Bearer token of the seeded integration. */
    token: 'mfa-demo-token',
    /** A number the emulator cannot deliver to (status 052). */
    undeliverable: '2799900999',
    /** A number that receives challenges. */
    phone: '2799900001',
  },
  sbt: {
    /** One API key per expiry setting. */
    keys: {
      'expire-on-new': 'sbt-key-expire-on-new',
      never: 'sbt-key-never',
      '1-day': 'sbt-key-1-day',
      '1-week': 'sbt-key-1-week',
      '1-year': 'sbt-key-1-year',
      '10-years': 'sbt-key-10-years',
    } satisfies Record<TokenExpiry, string>,
    orgCode: 'DEMO01',
  },
  cms: {
    users: [
      {
        id: '1001',
        username: 'alice',
        password: 'wonderland',
        email: 'alice@example.com',
        firstName: 'Alice',
        lastName: 'Liddell',
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
    forms: { login: { '10': '1', '11': '2' }, updateDetails: '20' } satisfies CmsForms,
  },
};
