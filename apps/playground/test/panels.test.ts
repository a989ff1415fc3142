import { SEEDED, startEmulator } from '@x/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exported, launch, poll, ready, sessionOf, tab, text, warp } from './browser.ts';

let env: Awaited<ReturnType<typeof launch>>;
beforeAll(async () => {
  env = await launch();
});
afterAll(async () => {
  await env?.close();
});

it('2FA: a pending challenge survives a reload, and Solve and Verify still work on it', async () => {
  const { page, problems } = await env.open();
  await page.click('#mfa-grid');
  await poll(() => text(page, '#mfa-status')).toMatch(/^grid .* 010 pending/);
  await page.reload();
  await ready(page);
  await poll(() => text(page, '#mfa-status')).toMatch(/^grid .* 010 pending/);
  await page.click('#mfa-solve');
  await poll(() => text(page, '#mfa-out')).toMatch(/^solved on the phone: 020 solved/);
  await poll(() => text(page, '#mfa-status')).toMatch(/^grid .* 020 solved/);

  await page.click('#mfa-pin');
  await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
  await page.reload();
  await ready(page);
  await page.click('#mfa-inbox');
  await poll(() => text(page, '#mfa-out')).toMatch(
    /^PIN of this challenge filled in\n.*▶ this challenge: Your verification PIN is \d{6}/,
  );
  // Enter in the PIN field verifies
  await page.press('#mfa-pin-code', 'Enter');
  await poll(() => text(page, '#mfa-out')).toMatch(/^020 solved/);
  expect(await text(page, '#mfa-sdk')).toContain('mfa.verifyPin(apiRequestId, pin)');
  expect(problems).toEqual([]);
});

it('2FA: Solve refuses a challenge that already failed or expired', async () => {
  const { page } = await env.open();
  await page.click('#mfa-pin');
  await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.fill('#mfa-pin-code', '000000');
    await page.click('#mfa-verify');
    await poll(() => text(page, '#mfa-out')).toMatch(/^0(30|51) /);
  }
  await poll(() => text(page, '#mfa-out')).toMatch(/^051 /);
  await page.click('#mfa-solve');
  await poll(() => text(page, '#mfa-out')).toBe('ConflictError: challenge already ended: 051 failed');

  await page.click('#mfa-grid');
  await poll(() => text(page, '#mfa-status')).toMatch(/^grid .* 010 pending/);
  await warp(page, 1, 'hours');
  await page.click('#mfa-solve');
  await poll(() => text(page, '#mfa-out')).toMatch(/^ConflictError: challenge already ended: 050 /);
});

it('2FA: two tabs each read their own PIN from the phone inbox', async () => {
  const first = await env.open();
  const second = await tab(first.page.context(), env.playground.url);
  for (const { page } of [first, second]) {
    await page.bringToFront();
    await page.click('#mfa-pin');
    await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
  }
  for (const { page } of [first, second]) {
    await page.bringToFront();
    await page.click('#mfa-inbox');
    await poll(() => text(page, '#mfa-out')).toMatch(/^PIN of this challenge filled in/);
    // each message says when it came and for which challenge
    expect(await text(page, '#mfa-out')).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ▶ this challenge/);
    const pin = await page.inputValue('#mfa-pin-code');
    const flows = await env.playground.session(await sessionOf(page));
    const id = flows.mfa.challenges().at(-1)!.id;
    expect(flows.mfa.inbox('2799900001').find((m) => m.apiRequestId === id)?.pin).toBe(pin);
    await page.click('#mfa-verify');
    await poll(() => text(page, '#mfa-out')).toMatch(/^020 solved/);
  }
});

it('SBT: expiry in words, SOAP or REST per row, Expire On New replaced, 1-year and 10-year tokens outlived', async () => {
  const { page, problems } = await env.open();
  const row = (setting: string) => `#sbt-row-${setting}`;
  await page.click('#sbt-token-1-day');
  await poll(() => text(page, `${row('1-day')} .expires`)).toMatch(/^in 23 h 59 min$/);
  await page.click('#sbt-token-10-years');
  await poll(() => text(page, `${row('10-years')} .expires`)).toMatch(/^in 10 years( 1 day)?$/);
  expect(await page.locator(`${row('10-years')} select`).inputValue()).toBe('soap');
  expect(await page.locator(`${row('never')} select option:checked`).textContent()).toBe('REST');
  // REST: the inspector shows the GET with its key redacted
  await page.selectOption(`${row('1-year')} select`, 'rest');
  await poll(() => text(page, '#sbt-out')).toBe('1-year: AuthenticateAPIKey now over REST');
  await page.click('#sbt-token-1-year');
  await poll(() => text(page, `${row('1-year')} .expires`)).toMatch(/^in 364 days 23 h$/);
  const rest = page.locator('#exchanges .exchange[data-service="sbt"]').first();
  await poll(() => rest.locator('.method').textContent()).toBe('GET');
  expect(await rest.locator('.url').textContent()).toMatch(/AuthenticateAPIKey\?APIKey=REDACTED$/);

  await warp(page, 1, 'days');
  await poll(() => text(page, `${row('1-day')} .expires`)).toBe('expired: the next call takes a new one');
  await warp(page, 1, 'years');
  await poll(() => text(page, `${row('1-year')} .expires`)).toBe('expired: the next call takes a new one');
  await warp(page, 10, 'years');
  await poll(() => text(page, `${row('10-years')} .expires`)).toBe('expired: the next call takes a new one');
  expect(await page.locator('#timeline .warp-label').allTextContents()).toEqual([
    'warp +1 day',
    'warp +1 year',
    'warp +10 years 2 days',
  ]);

  // Expire On New: another app's token kills ours; the next send finds out and takes a new one
  await page.click('#sbt-token-expire-on-new');
  await poll(() => text(page, `${row('expire-on-new')} .expires`)).toBe('until a new token is taken');
  await page.click('#sbt-other-expire-on-new');
  await poll(() => text(page, '#sbt-out')).toMatch(/another app took a new token; ours is dead/);
  await page.click('#sbt-send-expire-on-new');
  await poll(() => text(page, '#sbt-out')).toMatch(/^expire-on-new: message sent/);
  // the timeline hears of the send's "used" a moment after the answer is shown; the other app's token is
  // on a lane of its own, and ours is expired by the server's rejection of the send
  const lane = async (name: string) =>
    (await exported(page)).filter((e) => e.lane === name).map((e) => `${e.type} ${e.reason ?? ''}`.trim());
  await poll(() => lane('sbt expire-on-new')).toEqual(['issued', 'expired server', 'refreshed', 'used']);
  expect(await lane('sbt expire-on-new: another app')).toEqual(['issued']);
  expect(problems).toEqual([]);
});

it('real accounts: the page shows the server’s question; no sends nothing, yes runs the call once', async () => {
  // a second emulator stands in for the real services, set through the variables a user sets
  const standIn = await startEmulator();
  const real = await launch({
    env: {
      SBT_API_KEY: SEEDED.sbt.keys['1-day'],
      SBT_TOKEN_EXPIRY: '1-day',
      SBT_BASE_URL: standIn.url,
      CLICKATELL_MFA_TOKEN: SEEDED.clickatellMfa.token,
      CLICKATELL_MFA_BASE_URL: standIn.url,
      CMS_SITE: standIn.url,
    },
  });
  try {
    const { page, problems } = await real.open();
    expect(await text(page, '#targets')).toContain('sbt: REAL ENDPOINT');
    expect(await text(page, '#clock-note')).toContain('sbt, cms go to real services and keep real time');
    const asked: string[] = [];
    const answer = (yes: boolean) =>
      page.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void (yes ? dialog.accept() : dialog.dismiss());
      });
    const sent = () => ({
      sms: standIn.counters('sbt').requests,
      challenges: standIn.counters('clickatell-mfa').auth,
      logins: standIn.counters('cms-auth').requests,
    });

    answer(false);
    await page.click('#sbt-send-1-day');
    await poll(() => text(page, '#sbt-out')).toBe('Cancelled: nothing was sent');
    answer(false);
    await page.click('#mfa-pin');
    await poll(() => text(page, '#mfa-out')).toBe('Cancelled: nothing was sent');
    answer(false);
    await page.click('#cms-login');
    await poll(() => text(page, '#cms-identity')).toBe('Cancelled: nothing was sent');
    expect(asked).toEqual([
      'Send a real SMS to 5551234567 with the real SBT key (1-day), billed to your account?',
      'Send a real PIN challenge to 2799900001 through your Clickatell 2FA integration?',
      `Log in to the real Recite site ${standIn.url} as alice with form 10?`,
    ]);
    expect(sent()).toEqual({ sms: 0, challenges: 0, logins: 0 });

    answer(true);
    await page.click('#sbt-send-1-day');
    await poll(() => text(page, '#sbt-out')).toMatch(/^1-day: message sent/);
    answer(true);
    await page.click('#mfa-pin');
    await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
    answer(true);
    await page.click('#cms-login');
    await poll(() => text(page, '#cms-identity')).toBe('logged in as Alice Liddell (alice)');
    expect(asked).toHaveLength(6);
    const after = sent();
    expect(after.sms).toBe(2); // AuthenticateAPIKey, then the send
    expect(after.challenges).toBe(1);
    expect(after.logins).toBeGreaterThan(0);
    // a token on a 1-day key asks nothing: it ends no other app's token
    await page.click('#sbt-token-1-day');
    await poll(() => text(page, '#sbt-out')).toMatch(/^1-day: token [0-9a-f]{8}$/);
    expect(asked).toHaveLength(6);

    // the API refuses a call that did not come through the dialog, "confirm": true or not
    const refused = await page.request.post(`${real.playground.url}/api/sbt/send`, {
      headers: { 'x-playground-session': await sessionOf(page), origin: real.playground.url },
      data: { setting: '1-day', confirm: true },
    });
    expect(refused.status()).toBe(428);
    expect((await refused.json()).error).toBe('ConfirmationRequired');
    expect(standIn.counters('sbt').requests).toBe(after.sms);
    expect(problems.filter((p) => !p.includes('428'))).toEqual([]);
  } finally {
    await real.close();
    await standIn.close();
  }
});

it('Recite: the cookie is read back after a reload, expiry says expired, bob logs in on form 11, a wrong password is a 401', async () => {
  const { page, problems } = await env.open();
  // log-out with nobody logged in changes nothing
  await page.click('#cms-logout');
  await poll(() => text(page, '#cms-identity')).toBe('nobody was logged in');
  expect(await page.locator('#event-list tr[data-lane="cms-auth session"]').count()).toBe(0);

  await page.click('#cms-login');
  await poll(() => text(page, '#cms-identity')).toBe('logged in as Alice Liddell (alice)');
  await page.reload();
  await ready(page);
  await poll(() => text(page, '#cms-identity')).toBe('logged in as Alice Liddell (alice), from the cookie');
  await warp(page, 61, 'minutes');
  // the idle hour ran out inside the warp: drawn then
  await poll(() => page.locator('#timeline .event-expired').count()).toBe(1);
  await page.click('#cms-me');
  await poll(() => text(page, '#cms-identity')).toMatch(
    /^expired: the cookie holds a token Recite no longer accepts/,
  );
  expect(await page.locator('#timeline .event-expired').count()).toBe(1);

  await page.fill('#cms-user', 'bob');
  await page.fill('#cms-pass', 'builder');
  await page.selectOption('#cms-form-id', '11');
  await page.press('#cms-pass', 'Enter');
  await poll(() => text(page, '#cms-identity')).toMatch(/^logged in as .* \(bob\)$/);

  await page.fill('#cms-pass', 'wrong-password');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/cms/login')),
    page.click('#cms-login'),
  ]);
  expect(answer.status()).toBe(401);
  await poll(() => text(page, '#cms-identity')).toBe(
    'CmsLoginError: cms-auth: log-in failed: Invalid username or password',
  );
  expect(await text(page, '#cms-identity')).not.toContain('wrong-password');
  // the failed log-in answered 401: the console shows it as a failed load, which is what it is
  expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
});
