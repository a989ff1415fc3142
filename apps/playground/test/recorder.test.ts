import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { Recorder } from '../src/recorder.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

it('forwards many requests over one kept-alive socket without gathering a listener per request', async () => {
  const upstream = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => upstream.close(() => resolve())));
  const recorder = new Recorder(() => Date.now());
  const front = new URL(
    await recorder.front('sbt', `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`),
  );
  cleanup.unshift(() => recorder.close());
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  cleanup.push(() => void process.off('warning', onWarning));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  cleanup.unshift(() => agent.destroy());
  const sockets = new Set<unknown>();
  for (let i = 0; i < 20; i++) {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(front, { agent }, (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (chunk) => (text += chunk))
          .on('end', () => resolve(text));
      });
      req
        .on('socket', (socket) => sockets.add(socket))
        .on('error', reject)
        .end();
    });
    expect(body).toBe('ok');
  }
  // Node emits a warning on a later tick
  await new Promise((resolve) => setImmediate(resolve));
  expect(sockets.size).toBe(1);
  expect(recorder.exchanges).toHaveLength(20);
  expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
});
