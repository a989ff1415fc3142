import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPlayground } from '../src/server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = new URL('../test-results/', import.meta.url).pathname;
let playground: Awaited<ReturnType<typeof startPlayground>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install chromium (.ci/run does)`);
  playground = await startPlayground({ port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(playground.url);
});
afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

const text = (selector: string) => page.locator(selector);

it('runs every flow by clicking, and shows what happened', async () => {
  // every flow is labelled with where it goes
  await expect.poll(() => text('#targets').textContent()).toContain('clickatell: emulator');

  // Clickatell SOAP: log in, balance, a 15-minute session expires under the time warp and is renewed
  await page.click('#ck-login');
  await expect.poll(() => text('#ck-out').textContent()).toMatch(/session [0-9a-f]{8} issued/);
  await expect.poll(() => text('#ck-countdown').textContent()).toMatch(/^1[45]:\d\d$/);
  await page.click('#ck-balance');
  await expect.poll(() => text('#ck-out').textContent()).toBe('credit: 100');
  await page.click('#warp-16');
  await expect.poll(() => text('#ck-countdown').textContent()).toBe('expired');
  await page.click('#ck-balance');
  await expect.poll(() => text('#ck-out').textContent()).toBe('credit: 100');
  await expect.poll(() => page.locator('#timeline .event-refreshed').count()).toBeGreaterThan(0);
  await expect.poll(() => page.locator('#timeline .event-expired').count()).toBeGreaterThan(0);
  await expect.poll(() => page.locator('#timeline .warp').count()).toBe(1);

  // Clickatell 2FA: a PIN read from the phone inbox, then a Grid solved as the phone's user
  await page.click('#mfa-pin');
  await expect.poll(() => text('#mfa-out').textContent()).toMatch(/pin challenge sent/);
  await page.click('#mfa-inbox');
  await expect.poll(() => text('#mfa-out').textContent()).toMatch(/Your verification PIN is \d{6}/);
  await page.click('#mfa-verify');
  await expect.poll(() => text('#mfa-out').textContent()).toMatch(/^020 solved/);
  await page.click('#mfa-grid');
  await expect.poll(() => text('#mfa-status').textContent()).toMatch(/grid .*010 pending/);
  await page.click('#mfa-solve');
  await expect
    .poll(() => text('#mfa-status').textContent(), { timeout: 10_000 })
    .toMatch(/grid .*020 solved/);

  // SBT: a token under Expire On New and one that lives a day, each used for a message
  await page.click('#sbt-expire-on-new');
  await expect
    .poll(() => text('#sbt-out').textContent())
    .toMatch(/expire-on-new: token [0-9a-f]{8}, message sent/);
  await page.click('#sbt-1-day');
  await expect.poll(() => text('#sbt-out').textContent()).toMatch(/1-day: token [0-9a-f]{8}, message sent/);
  await expect.poll(() => text('#sbt-row-expire-on-new').textContent()).toContain('never by time');

  // Recite: log in sets the real HttpOnly authToken cookie; the identity follows it; log-out clears it
  await page.click('#cms-login');
  await expect.poll(() => text('#cms-identity').textContent()).toBe('logged in as Alice Liddell (alice)');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'authToken');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  await page.click('#cms-me');
  await expect.poll(() => text('#cms-identity').textContent()).toBe('cookie says: alice <alice@example.com>');
  await page.click('#cms-logout');
  await expect.poll(() => text('#cms-identity').textContent()).toBe('logged out (cookie cleared)');
  await page.click('#cms-me');
  await expect.poll(() => text('#cms-identity').textContent()).toBe('not logged in');
  expect((await page.context().cookies()).find((c) => c.name === 'authToken')).toBeUndefined();

  // the timeline shows every provider's lane
  for (const lane of ['clickatell-soap', 'sbt expire-on-new', 'sbt 1-day', 'cms-auth']) {
    await expect.poll(() => page.locator('#timeline text', { hasText: lane }).count()).toBeGreaterThan(0);
  }
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}playground.png`, fullPage: true });
});

it('shows a typed error, without secrets, when a call fails', async () => {
  await page.fill('#cms-pass', 'wrong-password');
  await page.click('#cms-login');
  await expect
    .poll(() => text('#cms-identity').textContent())
    .toBe('CmsLoginError: cms-auth: log-in failed: Invalid username or password');
  expect(await text('#cms-identity').textContent()).not.toContain('wrong-password');
  await page.fill('#mfa-to', '+27 12');
  await page.click('#mfa-pin');
  await expect
    .poll(() => text('#mfa-out').textContent())
    .toMatch(/^ValidationError: clickatell-mfa: to must be one MSISDN/);
});
