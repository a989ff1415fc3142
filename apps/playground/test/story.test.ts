import { afterAll, beforeAll, expect, it } from 'vitest';
import { exported, launch, poll, SHOTS, text, warp } from './browser.ts';

let env: Awaited<ReturnType<typeof launch>>;
beforeAll(async () => {
  env = await launch();
});
afterAll(async () => {
  await env?.close();
});

const MIN = 60_000;

it('tells a Clickatell session story on the emulator clock: issued, keep-alive, expired at 15 idle minutes, refreshed', async () => {
  const { page, problems } = await env.open();
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/^session [0-9a-f]{8} issued by auth$/);
  // the shown id says what it is
  await poll(() => text(page, '#ck-session')).toMatch(
    /fingerprint [0-9a-f]{8} \(a one-way hash, not the ID\)/,
  );
  // a second log-in is the cached session, not a new one
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/^session [0-9a-f]{8} reused: the client had it cached/);
  await poll(() => text(page, '#ck-countdown')).toMatch(/^idle-expires in 1[45] min/);

  await warp(page, 11, 'minutes');
  // the keep-alive fell due inside the warp: the session was pinged, not left to die. The ping came 10 to
  // 11 minutes in (jitter), and the test's own seconds of real time count too: 13 min 50 s is as right as 14.
  await poll(() => page.locator('#timeline .event-keep-alive').count()).toBe(1);
  await poll(() => text(page, '#ck-countdown')).toMatch(/^idle-expires in 1[345] min/);
  await page.uncheck('#ck-keepalive');
  await poll(() => text(page, '#ck-out')).toContain('keep-alive off');
  await warp(page, 6, 'minutes');
  // 15 minutes after the ping, so 8 to 9 minutes left, less the seconds of real time since
  await poll(() => text(page, '#ck-countdown')).toMatch(/^idle-expires in [789] min/);
  await warp(page, 60, 'minutes');
  // the expiry is drawn when it happened, before anyone called
  await poll(() => page.locator('#timeline .event-expired').count()).toBe(1);
  await poll(() => text(page, '#ck-countdown')).toMatch(/^expired \(15 idle minutes\)/);
  expect(await page.locator('#timeline .event-refreshed').count()).toBe(0);
  await page.click('#ck-balance');
  await poll(() => text(page, '#ck-out')).toBe('credit: 100');
  await poll(() => page.locator('#timeline .event-refreshed').count()).toBe(1);

  const events = await exported(page);
  const lane = events.filter(
    (e) =>
      e.lane === 'clickatell-soap session' &&
      ['issued', 'keep-alive', 'expired', 'refreshed'].includes(e.type),
  );
  expect(lane.map((e) => e.type)).toEqual(['issued', 'keep-alive', 'expired', 'refreshed']);
  const [issued, keepAlive, expired, refreshed] = lane as [
    (typeof lane)[0],
    (typeof lane)[0],
    (typeof lane)[0],
    (typeof lane)[0],
  ];
  const warps = events.filter((e) => e.type === 'time-warp');
  expect(warps.map((w) => Math.round((w.at - w.from!) / MIN))).toEqual([11, 6, 60]);
  // keep-alive inside the first warp, expiry inside the third: the client lets the session go when it is
  // unusable, 15 idle minutes after the ping less its 30 s safety margin, and says so then; renewal after that
  expect(keepAlive.at).toBeGreaterThan(issued.at);
  expect(keepAlive.at).toBeLessThanOrEqual(warps[0]!.at);
  expect(Math.abs(expired.at - keepAlive.at - (15 * MIN - 30_000))).toBeLessThan(1000);
  expect(expired.reason).toBe('time');
  expect(expired.at).toBeGreaterThan(warps[2]!.from!);
  expect(refreshed.at).toBeGreaterThanOrEqual(warps[2]!.at);
  expect(expired.token).toBe(issued.token);
  expect(refreshed.token).not.toBe(issued.token);
  // one expired dot: the SDK's own, at its time (the balance call found no session to reject)
  expect(events.filter((e) => e.type === 'expired')).toHaveLength(1);

  // on the drawing: left to right in that order, none hidden under another
  const xs = async (type: string) =>
    Number(await page.locator(`#timeline .event-${type}`).first().getAttribute('cx'));
  const order = [await xs('issued'), await xs('keep-alive'), await xs('expired'), await xs('refreshed')];
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  expect(new Set(order).size).toBe(4);
  const boxes = await page
    .locator('#timeline .event')
    .evaluateAll((dots) => dots.map((d) => `${d.getAttribute('cx')},${d.getAttribute('cy')}`));
  expect(new Set(boxes).size).toBe(boxes.length);
  // warps are labelled in words, the axis reads in minutes and hours
  expect(await page.locator('#timeline .warp-label').allTextContents()).toEqual([
    'warp +11 min',
    'warp +6 min',
    'warp +1 h',
  ]);
  const ticks = await page.locator('#timeline .tick').allTextContents();
  expect(ticks.length).toBeGreaterThan(2);
  for (const tick of ticks) expect(tick).toMatch(/^\+\d+ (s|min|h|days?|years?)( \d+ (s|min|h|days?))?$/);
  // hovering a dot tells what it is
  await page.locator('#timeline .event-expired').hover();
  await poll(() => page.locator('#timeline-tip').isVisible()).toBe(true);
  expect(await text(page, '#timeline-tip')).toMatch(/^expired · clickatell-soap session\nat \+2\d min/);
  expect(await text(page, '#timeline-tip')).toContain('idle 15 min since its last use');
  // the event list beside it says the same
  expect(await page.locator('#event-list tr.row-expired').textContent()).toContain('idle 15 min');
  // the snippet shows the SDK call that just ran
  expect(await text(page, '#ck-sdk')).toContain('clickatell.getBalance()');
  expect(problems).toEqual([]);
});

it('runs every flow by clicking, and is photographed at 1280 px', async () => {
  const { page, problems } = await env.open(1280, 900);
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/issued by auth/);
  await page.click('#mfa-pin');
  await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
  await page.click('#mfa-inbox');
  await poll(() => text(page, '#mfa-out')).toMatch(/PIN of this challenge filled in/);
  await page.click('#mfa-verify');
  await poll(() => text(page, '#mfa-out')).toMatch(/^020 solved/);
  await page.click('#sbt-token-1-day');
  await poll(() => text(page, '#sbt-out')).toMatch(/^1-day: token [0-9a-f]{8}$/);
  await page.click('#sbt-send-expire-on-new');
  await poll(() => text(page, '#sbt-out')).toMatch(/^expire-on-new: message sent \(ticket/);
  await page.click('#cms-login');
  await poll(() => text(page, '#cms-identity')).toBe('logged in as Alice Liddell (alice)');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'authToken');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  await warp(page, 20, 'minutes');
  await page.click('#ck-balance');
  await poll(() => text(page, '#ck-out')).toBe('credit: 100');
  for (const lane of ['clickatell-soap session', 'sbt expire-on-new', 'sbt 1-day', 'cms-auth session']) {
    await poll(() => page.locator('#timeline text.lane', { hasText: lane }).count()).toBe(1);
  }
  await page.locator('#exchanges details').first().click();
  await page.screenshot({ path: `${SHOTS}playground-1280.png`, fullPage: true });
  expect(problems).toEqual([]);
});

it('fits a 390 px phone: one column, every button reachable, nothing wider than the screen', async () => {
  const { page, problems } = await env.open(390, 844);
  expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain('width=device-width');
  const left = async (selector: string) => (await page.locator(selector).boundingBox())!.x;
  expect(await left('#mfa')).toBe(await left('#clickatell'));
  expect(await left('#cms')).toBe(await left('#sbt'));
  // the SBT buttons are not under another card: a click goes through
  await page.click('#sbt-token-10-years', { timeout: 3_000 });
  await poll(() => text(page, '#sbt-out')).toMatch(/^10-years: token/);
  await page.click('#cms-login', { timeout: 3_000 });
  await poll(() => text(page, '#cms-identity')).toMatch(/^logged in as Alice/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}playground-390.png`, fullPage: true });
  expect(problems).toEqual([]);
});
