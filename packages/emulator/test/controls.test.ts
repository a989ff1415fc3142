import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SEEDED, startEmulator } from '../src/index.js';
import { clickatellEnvelope, post, useEmulator } from './helpers.js';

const demo = SEEDED.clickatellSoap.demo;
const authBody = clickatellEnvelope('auth', { api_id: demo.apiId, user: demo.user, password: demo.password });

describe('emulator controls', () => {
  const ctx = useEmulator();

  it('injects faults per service and per call count', async () => {
    const url = ctx.emulator.urls.clickatellSoap;
    ctx.emulator.inject('clickatell-soap', { type: 'status', status: 503 }, { after: 1, times: 2 });
    expect((await post(url, authBody)).status).toBe(200);
    expect((await post(url, authBody)).status).toBe(503);
    expect((await post(url, authBody)).status).toBe(503);
    expect((await post(url, authBody)).status).toBe(200);
    // other services are not affected
    ctx.emulator.inject('sbt', { type: 'status', status: 500 });
    expect((await post(url, authBody)).status).toBe(200);
  });

  it.each([
    [
      { type: 'html' as const },
      (r: { status: number; text: string }) => r.status === 502 && r.text.includes('<html>'),
    ],
    [{ type: 'malformed' as const }, (r: { text: string }) => r.text.endsWith('<broken')],
    [{ type: 'entity-bomb' as const }, (r: { text: string }) => r.text.includes('<!ENTITY lol9')],
    [{ type: 'proto' as const }, (r: { text: string }) => /Response[^>]*><__proto__>/.test(r.text)],
    [{ type: 'huge' as const, bytes: 5_000_000 }, (r: { text: string }) => r.text.length === 5_000_000],
    [{ type: 'delay' as const, ms: 50 }, (r: { status: number }) => r.status === 200],
  ])('fault %j', async (fault, check) => {
    ctx.emulator.inject('clickatell-soap', fault);
    expect(check(await post(ctx.emulator.urls.clickatellSoap, authBody))).toBe(true);
  });

  it('reset and truncated faults break the connection', async () => {
    ctx.emulator.inject('clickatell-soap', { type: 'reset' });
    await expect(post(ctx.emulator.urls.clickatellSoap, authBody)).rejects.toThrow();
    ctx.emulator.inject('clickatell-soap', { type: 'truncated' });
    await expect(post(ctx.emulator.urls.clickatellSoap, authBody)).rejects.toThrow();
  });

  it('a JSON service gets JSON-shaped faults; the control API drives clock and faults', async () => {
    await fetch(`${ctx.emulator.urls.control}/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 'clickatell-mfa', fault: { type: 'proto' } }),
    });
    const res = await fetch(`${ctx.emulator.urls.clickatellMfa}/rest/auth`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SEEDED.clickatellMfa.token}`, 'x-version': '1' },
      body: JSON.stringify({ authType: 'pin', to: SEEDED.clickatellMfa.phone }),
    });
    expect(await res.text()).toMatch(
      /^\{"__proto__":\{"polluted":"yes"\}.*"data":\{"apiRequestId":"\w+"\}\}$/,
    );
    const before = ctx.emulator.now();
    const advanced = await (
      await fetch(`${ctx.emulator.urls.control}/clock/advance`, { method: 'POST', body: '{"ms":60000}' })
    ).json();
    expect(advanced.now - before).toBe(60_000);
    const info = await (await fetch(ctx.emulator.urls.control)).json();
    expect(info.urls.clickatellSoap).toBe(ctx.emulator.urls.clickatellSoap);
  });
});

describe('emulator lifecycle', () => {
  it('port 0 works; close() frees the port; the default clock can be warped', async () => {
    const emulator = await startEmulator();
    const before = emulator.now();
    await emulator.advance(15 * 60_000);
    expect(emulator.now() - before).toBeGreaterThanOrEqual(15 * 60_000);
    await emulator.close();
    await expect(fetch(emulator.urls.clickatellSoap)).rejects.toThrow();
  });

  it('the x-emulator CLI prints URLs and seeded credentials', async () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0']);
    const output = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('Control API')) resolve(text);
      });
    });
    child.kill('SIGTERM');
    expect(output).toMatch(/x-emulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain(`user=${demo.user} password=${demo.password}`);
    expect(output).toContain(SEEDED.sbt.keys['expire-on-new']);
  });

  it('`x-emulator --help` prints the usage with --port and exits; a bad option or port exits 2', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    // what `npx x-emulator` runs: the package's bin, an executable node script
    const bin = fileURLToPath(new URL(`../${pkg.bin['x-emulator']}`, import.meta.url));
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const run = promisify(execFile);
    for (const flag of ['--help', '-h']) {
      const { stdout } = await run(process.execPath, [bin, flag], { timeout: 10_000 });
      expect(stdout).toMatch(/^Usage: x-emulator \[--port <port>\] \[--host <host>\]/);
      expect(stdout).toMatch(/-p, --port <port>/);
    }
    for (const args of [
      ['--prot', '4010'],
      ['--port', 'abc'],
      ['--port', '70000'],
    ]) {
      const failed = await run(process.execPath, [bin, ...args], { timeout: 10_000 }).catch((e) => e);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toMatch(/^x-emulator: .+\n\nUsage: x-emulator/);
    }
  });
});
