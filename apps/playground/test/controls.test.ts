import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { SEEDED } from '@x/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDemo } from '../src/demo.ts';
import { exported, launch, poll, ready, sessionOf, tab, text, warp } from './browser.ts';

let env: Awaited<ReturnType<typeof launch>>;
beforeAll(async () => {
  env = await launch();
});
afterAll(async () => {
  await env?.close();
});

it('is busy while a call runs: a double click is one warp and one PIN attempt', async () => {
  const { page } = await env.open();
  await page.dblclick('#warp-10');
  await poll(() => page.locator('#timeline .warp').count()).toBe(1);
  await page.waitForTimeout(300);
  expect(await page.locator('#timeline .warp').count()).toBe(1);

  await page.click('#mfa-pin');
  await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
  await page.fill('#mfa-pin-code', '000000');
  await page.dblclick('#mfa-verify');
  await poll(() => text(page, '#mfa-out')).toMatch(/^030 /);
  await page.waitForTimeout(300);
  const flows = await env.playground.session(await sessionOf(page));
  const attempts = flows.recorder.exchanges.filter((e) => e.method === 'PUT');
  expect(attempts).toHaveLength(1);
});

it('keeps each tab apart, and Reset starts the tab over', async () => {
  const first = await env.open();
  const second = await tab(first.page.context(), env.playground.url);
  const clock = (p: typeof first.page) => text(p, '#clock');
  const before = await clock(second.page);
  await first.page.bringToFront();
  await warp(first.page, 2, 'days');
  await first.page.click('#ck-login');
  await poll(() => text(first.page, '#ck-out')).toMatch(/issued by auth/);
  await poll(() => text(first.page, '#clock-warped')).toMatch(/^\(2 days/);
  // the other tab's clock and timeline did not move
  expect((await clock(second.page))!.slice(0, 10)).toBe(before!.slice(0, 10));
  expect(await second.page.locator('#timeline .event').count()).toBe(0);
  expect(await second.page.locator('#exchanges .exchange').count()).toBe(0);

  await first.page.click('#reset');
  await poll(() => first.page.locator('#timeline .event').count()).toBe(0);
  await poll(() => first.page.locator('#exchanges .exchange').count()).toBe(0);
  expect(await text(first.page, '#clock-warped')).toBe('');
  expect(await text(first.page, '#ck-countdown')).toBe('no session');
  await first.page.click('#ck-login');
  await poll(() => text(first.page, '#ck-out')).toMatch(/issued by auth/);
  expect((await exported(first.page)).map((e) => e.type)).toEqual(['issued']);
});

it('replaces a tab id the server did not issue (or forgot in a restart) with one it issues, and goes on', async () => {
  const { page, problems } = await env.open();
  const madeUp = 'made-up-by-a-page-0001';
  await page.evaluate((id) => sessionStorage.setItem('playground-session', id), madeUp);
  await page.reload();
  await ready(page);
  const issued = await sessionOf(page);
  expect(issued).toMatch(/^[0-9a-f-]{36}$/);
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/issued by auth/);
  expect((await env.playground.session(issued)).recorder.exchanges.length).toBeGreaterThan(0);
  expect(() => env.playground.session(madeUp)).toThrow(/no such tab/);
  expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
});

it('injects faults: the typed error shows, an invalid token is renewed and the call retried', async () => {
  const { page } = await env.open();
  const inject = async (service: string, fault: string) => {
    await page.selectOption('#fault-service', service);
    await page.selectOption('#fault-kind', fault);
    await page.click('#fault-inject');
    await poll(() => text(page, '#fault-out')).toContain(`${service}:`);
  };
  const latest = (service: string) => page.locator(`#exchanges .exchange[data-service="${service}"]`).first();

  await inject('sbt', 'status-500');
  expect(await text(page, '#fault-sdk')).toBe(
    'emulator.inject("sbt", { type: \'status\', status: 500 }); // the next call only',
  );
  await page.click('#sbt-token-1-day');
  await poll(() => text(page, '#sbt-out')).toMatch(/^(ServiceError|ProtocolError): /);
  await poll(() => latest('sbt').locator('.code').textContent()).toBe('500');
  await page.click('#sbt-token-1-day');
  await poll(() => text(page, '#sbt-out')).toMatch(/^1-day: token/);

  await inject('clickatell-soap', 'reset');
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/^TransportError: /);
  await poll(() => latest('clickatell-soap').locator('.failure').textContent()).toMatch(/^no answer/);

  await inject('clickatell-soap', 'slow');
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/issued by auth/);
  await poll(() => latest('clickatell-soap').locator('.ms').textContent()).toMatch(
    /^(1[5-9]\d\d|[2-9]\d\d\d) ms$/,
  );

  await inject('clickatell-soap', 'invalid-token');
  await page.click('#ck-balance');
  await poll(() => text(page, '#ck-out')).toBe('credit: 100');
  const lane = (await exported(page)).filter((e) => e.lane === 'clickatell-soap session');
  expect(lane.map((e) => e.type)).toEqual(expect.arrayContaining(['issued', 'expired', 'refreshed']));
  expect(lane.find((e) => e.type === 'expired')?.detail).toBe('the server rejected it');
  // the failed issue of the 500 is drawn beside the token that followed, not under it
  const sbtLane = (await exported(page)).filter((e) => e.lane === 'sbt 1-day').map((e) => e.type);
  expect(sbtLane).toEqual(['failed', 'issued']);
  const dots = await page
    .locator('#timeline .event')
    .evaluateAll((all) => all.map((d) => `${d.getAttribute('cx')},${d.getAttribute('cy')}`));
  expect(new Set(dots).size).toBe(dots.length);

  await inject('cms-auth', 'timeout');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/cms/login')),
    page.click('#cms-login'),
  ]);
  expect(answer.status()).toBe(504);
  await poll(() => text(page, '#cms-identity')).toMatch(/^TransportError: .*no answer within 5000 ms/);
  await poll(() => latest('cms-auth').locator('.failure').textContent()).toBe(
    'the client gave up waiting (its timeout)',
  );
});

it('inspects every call with its method, URL, status, timing and bodies, secrets redacted', async () => {
  const { page } = await env.open();
  await page.click('#ck-login');
  await poll(() => text(page, '#ck-out')).toMatch(/issued by auth/);
  await page.click('#ck-balance');
  await page.click('#mfa-pin');
  await poll(() => text(page, '#mfa-out')).toMatch(/^pin challenge sent/);
  await page.click('#mfa-inbox');
  await poll(() => text(page, '#mfa-out')).toMatch(/PIN of this challenge filled in/);
  const pin = await page.inputValue('#mfa-pin-code');
  await page.click('#mfa-verify');
  await poll(() => text(page, '#mfa-out')).toMatch(/^020 solved/);
  await page.click('#sbt-send-expire-on-new');
  await poll(() => text(page, '#sbt-out')).toMatch(/message sent/);
  await page.click('#cms-login');
  await poll(() => text(page, '#cms-identity')).toMatch(/^logged in/);
  await page.click('#cms-me');
  await poll(() => page.locator('#exchanges .exchange').count()).toBeGreaterThanOrEqual(9);

  const auth = page.locator('#exchanges .exchange', { hasText: ' auth ' }).last();
  await auth.locator('summary').click();
  expect(await auth.locator('summary').textContent()).toMatch(
    /^POST200\d+ msclickatell-soapauthhttp:\/\/127\.0\.0\.1:\d+\/soap\/document_literal\/webservice$/,
  );
  expect(await auth.locator('.request-body').textContent()).toMatch(
    /<api_id>\[REDACTED\]<\/api_id>[\s\S]*<password>\[REDACTED\]<\/password>/,
  );
  expect(await auth.locator('.response-body').textContent()).toContain('OK: [REDACTED]');
  const verify = page.locator('#exchanges .exchange[data-service="clickatell-mfa"]', { hasText: 'PUT' });
  expect(await verify.locator('.request-headers').textContent()).toContain(
    'authorization: Bearer [REDACTED]',
  );
  expect(await verify.locator('.request-body').textContent()).not.toContain(pin);

  const all = (await page.locator('#exchanges').innerHTML()).toLowerCase();
  const flows = await env.playground.session(await sessionOf(page));
  const raw = flows.recorder.exchanges.map((e) => `${e.requestBody}${e.responseBody}`).join('\n');
  const sessionIds = [...raw.matchAll(/OK: (\w+)/g)].map((m) => m[1]!);
  expect(sessionIds.length).toBeGreaterThan(0);
  for (const secret of [
    SEEDED.clickatellSoap.demo.password,
    SEEDED.clickatellMfa.token,
    SEEDED.sbt.keys['expire-on-new'],
    'wonderland',
    pin,
    ...sessionIds,
  ])
    expect(all).not.toContain(secret.toLowerCase());
});

it('validates API input with typed 4xx errors, logs each failed request in one line, and survives a huge warp', async () => {
  const { page } = await env.open();
  const session = await sessionOf(page);
  const post = (path: string, data: unknown) =>
    page.request.post(`${env.playground.url}${path}`, {
      headers: { 'x-playground-session': session, origin: env.playground.url },
      data,
    });
  const bogus = await post('/api/sbt/token', { setting: 'bogus' });
  expect(bogus.status()).toBe(400);
  expect(await bogus.json()).toEqual({
    error: 'ValidationError',
    message: expect.stringMatching(/^playground: setting: must be one of expire-on-new, never, 1-day/),
  });
  const huge = await post('/api/warp', { minutes: 1e15 });
  expect(huge.status()).toBe(400);
  expect((await huge.json()).message).toBe('playground: minutes: at most 10 years at a time');
  for (const [path, data] of [
    ['/api/warp', { minutes: '10' }],
    ['/api/mfa/request', { kind: 'sms', to: '2799900001' }],
    ['/api/mfa/verify', { pin: '123456' }],
    ['/api/faults', { service: 'clickatell-mfa', fault: 'invalid-token' }],
    ['/api/cms/login', { username: 'alice', password: 'x', formId: '99' }],
    ['/api/clickatell/keep-alive', { on: 'yes' }],
  ] as const) {
    const answer = await post(path, data);
    expect(answer.status(), path).toBe(400);
    expect((await answer.json()).error, path).toBe('ValidationError');
  }
  const noSession = await page.request.post(`${env.playground.url}/api/warp`, {
    headers: { origin: env.playground.url },
    data: { minutes: 1 },
  });
  expect(noSession.status()).toBe(400);
  const notJson = await page.request.post(`${env.playground.url}/api/warp`, {
    headers: {
      'x-playground-session': session,
      'content-type': 'application/json',
      origin: env.playground.url,
    },
    data: '{nope',
  });
  expect(notJson.status()).toBe(400);
  // the page still works after the refused warp
  await page.click('#warp-10');
  await poll(() => page.locator('#timeline .warp').count()).toBe(1);
  await poll(() => text(page, '#clock')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  const line = env.logged.find((l) => l.includes('400 POST /api/sbt/token'));
  expect(line).toMatch(
    /^playground: 400 POST \/api\/sbt\/token ValidationError: playground: setting: must be one of/,
  );
  expect(
    env.logged.some((l) =>
      l.startsWith('playground: 400 POST /api/warp ValidationError: playground: minutes: at most'),
    ),
  ).toBe(true);
  for (const entry of env.logged) expect(entry).not.toContain('\n');
  // the custom warp refuses more than 10 years in the page too
  await page.fill('#warp-amount', '11');
  await page.selectOption('#warp-unit', { label: 'years' });
  await page.press('#warp-amount', 'Enter');
  await poll(() => text(page, '#clock-note')).toBe(
    'ValidationError: warp by more than nothing and at most 10 years',
  );
});

it('loads as ES modules with a favicon and no errors; every input is labelled', async () => {
  const { page, problems } = await env.open();
  const scripts = await page.locator('script').evaluateAll((all) =>
    all.map((s) => ({
      type: s.getAttribute('type'),
      src: s.getAttribute('src'),
      inline: s.textContent!.trim(),
    })),
  );
  expect(scripts).toEqual([{ type: 'module', src: '/page/main.js', inline: '' }]);
  const modules = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((r) => new URL(r.name).pathname)
      .filter((p) => p.endsWith('.js')),
  );
  for (const name of ['timeline', 'inspector', 'clickatellPanel', 'mfaPanel', 'sbtPanel', 'cmsPanel'])
    expect(modules).toContain(`/page/${name}.js`);
  const icon = await page.request.get(`${env.playground.url}/favicon.ico`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  const unlabelled = await page
    .locator('input, select')
    .evaluateAll((all) =>
      all.filter((el) => (el as HTMLInputElement).labels?.length === 0).map((el) => el.id),
    );
  expect(unlabelled).toEqual([]);
  expect(problems).toEqual([]);
});

it('says so in one line when the port is busy', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const child = spawn(process.execPath, [new URL('../src/server.ts', import.meta.url).pathname], {
      env: { ...process.env, PORT: String(port) },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `playground: port ${port} is in use; start with PORT=<another port> (PORT=0 picks a free one)\n`,
    );
  } finally {
    blocker.close();
  }
});

it('runs every flow in the terminal demo', async () => {
  const lines: string[] = [];
  expect(await runDemo((line) => lines.push(line))).toBe(true);
  expect(lines.join('\n')).toContain('1 auth call while kept alive, 2 after 16 idle minutes');
  expect(lines.at(-1)).toBe('\n10 passed, 0 failed');
});
