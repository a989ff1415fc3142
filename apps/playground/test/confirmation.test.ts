import { type Emulator, SEEDED, type ServiceName, startEmulator } from '@x/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMATION_TTL_MS, Confirmations } from '../src/confirmations.ts';
import { startPlayground } from '../src/server.ts';
import { fromPage, openTab, raw } from './http.ts';

// A second emulator on loopback stands in for the real services: the playground is pointed at it through
// the same variables a user sets for real endpoints, so it treats it as real, and its counters show what
// reached the "real" account.
let standIn: Emulator;
let playground: Awaited<ReturnType<typeof startPlayground>>;
beforeAll(async () => {
  standIn = await startEmulator();
  playground = await startPlayground({
    env: {
      SBT_API_KEY: SEEDED.sbt.keys['expire-on-new'],
      SBT_TOKEN_EXPIRY: 'expire-on-new',
      SBT_BASE_URL: standIn.url,
      CLICKATELL_MFA_TOKEN: SEEDED.clickatellMfa.token,
      CLICKATELL_MFA_BASE_URL: standIn.url,
      CMS_SITE: standIn.url,
    },
    log: () => undefined,
  });
});
afterAll(async () => {
  await playground?.close();
  await standIn?.close();
});

const phone = SEEDED.clickatellMfa.phone;
// in this order each one reaches the service: the token is taken after another app's, the send uses it
const REAL_ACTIONS = [
  [
    '/api/sbt/other-app',
    { setting: 'expire-on-new' },
    'sbt',
    /^Authenticate the real SBT key \(expire-on-new\) again/,
  ],
  [
    '/api/sbt/token',
    { setting: 'expire-on-new' },
    'sbt',
    /^Take a token with the real SBT key \(expire-on-new\)/,
  ],
  [
    '/api/sbt/send',
    { setting: 'expire-on-new' },
    'sbt',
    /^Send a real SMS to 5551234567 with the real SBT key/,
  ],
  [
    '/api/mfa/request',
    { kind: 'pin', to: phone },
    'clickatell-mfa',
    new RegExp(`^Send a real PIN challenge to ${phone} `),
  ],
  [
    '/api/cms/login',
    { username: 'alice', password: 'wonderland', formId: '10' },
    'cms-auth',
    /^Log in to the real Recite site http:\/\/127\.0\.0\.1:\d+ as alice with form 10\?$/,
  ],
] as const;

/** What reached the stand-in: requests; for 2FA challenges requested (a sent challenge is polled after). */
const requests = (service: ServiceName) =>
  service === 'clickatell-mfa' ? standIn.counters(service).auth : standIn.counters(service).requests;
const post = (tab: string, path: string, body: unknown) =>
  raw(playground.url, 'POST', path, fromPage(playground.url, tab), body);

describe('an action on a real account', () => {
  it('without its server-issued confirmation gets 428 and sends nothing; a boolean "confirm" is no confirmation', async () => {
    const tab = await openTab(playground.url);
    expect(
      (await raw(playground.url, 'GET', '/api/state', fromPage(playground.url, tab))).json().targets,
    ).toEqual({
      clickatell: 'emulator',
      mfa: 'real',
      sbt: 'real',
      cms: 'real',
    });
    for (const [path, body, service, prompt] of REAL_ACTIONS) {
      for (const extra of [{}, { confirm: true }, { confirmation: 'made-up' }, { confirmation: true }]) {
        const answer = await post(tab, path, { ...body, ...extra });
        expect(answer.status, `${path} ${JSON.stringify(extra)}`).toBe(428);
        const data = answer.json();
        expect(data.error).toBe('ConfirmationRequired');
        expect(data.prompt).toMatch(prompt);
        expect(data.confirmation).toMatch(/^[\w-]{43}$/);
        expect(data.expiresInMs).toBe(CONFIRMATION_TTL_MS);
        expect(answer.text).not.toContain('wonderland');
      }
      expect(requests(service), path).toBe(0);
    }
  });

  it('with its confirmation runs once; the confirmation is single-use, bound to its tab and to its parameters', async () => {
    const tab = await openTab(playground.url);
    const other = await openTab(playground.url);
    const issued = async (path: string, body: object, on = tab) => {
      const answer = await post(on, path, body);
      expect(answer.status).toBe(428);
      return answer.json().confirmation as string;
    };
    for (const [path, body, service] of REAL_ACTIONS) {
      const before = requests(service);
      // offered on another tab: refused, and used up
      const stolen = await issued(path, body);
      expect((await post(other, path, { ...body, confirmation: stolen })).status, path).toBe(428);
      expect((await post(tab, path, { ...body, confirmation: stolen })).status, path).toBe(428);
      expect(requests(service), path).toBe(before);

      const confirmation = await issued(path, body);
      const done = await post(tab, path, { ...body, confirmation });
      expect(done.status, `${path}: ${done.text}`).toBe(200);
      const sent = requests(service);
      expect(sent, path).toBeGreaterThan(before);
      // again with the same one: refused, nothing more sent
      expect((await post(tab, path, { ...body, confirmation })).status, path).toBe(428);
      expect(requests(service), path).toBe(sent);
    }
    // a confirmation for one number does not send to another; nor one for a PIN a Grid
    const forPhone = await issued('/api/mfa/request', { kind: 'pin', to: phone });
    const before = standIn.counters('clickatell-mfa').auth;
    for (const body of [
      { kind: 'pin', to: '27999000099' },
      { kind: 'grid', to: phone },
    ]) {
      const confirmation =
        body.kind === 'grid' ? await issued('/api/mfa/request', { kind: 'pin', to: phone }) : forPhone;
      expect((await post(tab, '/api/mfa/request', { ...body, confirmation })).status).toBe(428);
    }
    // nor one for the SBT send a token
    const forSend = await issued('/api/sbt/send', { setting: 'expire-on-new' });
    expect(
      (await post(tab, '/api/sbt/token', { setting: 'expire-on-new', confirmation: forSend })).status,
    ).toBe(428);
    expect(standIn.counters('clickatell-mfa').auth).toBe(before);
  });

  it('bad input is a 400 before any confirmation is issued', async () => {
    const tab = await openTab(playground.url);
    for (const [path, body] of [
      ['/api/sbt/send', { setting: '1-day' }], // the real key has one setting
      ['/api/mfa/request', { kind: 'sms', to: phone }],
      ['/api/cms/login', { password: 'x' }],
    ] as const) {
      const answer = await post(tab, path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.json().error).toBe('ValidationError');
    }
  });
});

it('emulator flows need no confirmation', async () => {
  const onEmulator = await startPlayground({ env: {}, log: () => undefined });
  try {
    const tab = await openTab(onEmulator.url);
    const send = (path: string, body: unknown) =>
      raw(onEmulator.url, 'POST', path, fromPage(onEmulator.url, tab), body);
    expect((await send('/api/sbt/send', { setting: 'expire-on-new' })).status).toBe(200);
    expect((await send('/api/mfa/request', { kind: 'pin', to: phone })).status).toBe(200);
    expect((await send('/api/cms/login', { username: 'alice', password: 'wonderland' })).status).toBe(200);
  } finally {
    await onEmulator.close();
  }
});

it('a confirmation expires after its time', () => {
  let now = 1_000;
  const confirmations = new Confirmations(() => now);
  const { confirmation } = confirmations.issue('tab', 'POST /api/sbt/send\nSend?');
  now += CONFIRMATION_TTL_MS;
  expect(confirmations.take('tab', 'POST /api/sbt/send\nSend?', confirmation)).toBe(false);
  const fresh = confirmations.issue('tab', 'POST /api/sbt/send\nSend?').confirmation;
  now += CONFIRMATION_TTL_MS - 1;
  expect(confirmations.take('tab', 'POST /api/sbt/send\nSend?', fresh)).toBe(true);
});
