import type { ServerResponse } from 'node:http';
import type { Emulator } from './emulator.js';
import type { Fault, FaultOptions } from './faults.js';
import { type EmulatorRequest, SERVICE_NAMES, type ServiceName } from './reply.js';

/** The control API at `/__emulator` (JSON): the emulator's own controls, for other processes and languages. */
export async function answerControl(
  emulator: Emulator,
  request: EmulatorRequest,
  res: ServerResponse,
): Promise<void> {
  const send = (status: number, data: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
  };
  const parts = request.url.pathname.split('/').filter(Boolean).slice(1);
  let input: Record<string, unknown> = {};
  try {
    input = request.body ? JSON.parse(request.body) : {};
  } catch {
    return send(400, { error: 'body is not JSON' });
  }
  const [first, second, third, fourth] = parts;
  const isService = (name: unknown): name is ServiceName => SERVICE_NAMES.includes(name as ServiceName);
  if (request.method === 'GET' && parts.length === 0) {
    return send(200, { urls: emulator.urls, accounts: emulator.accounts, now: emulator.now() });
  }
  if (first === 'clock' && request.method === 'GET') return send(200, { now: emulator.now() });
  if (first === 'clock' && second === 'advance' && request.method === 'POST') {
    const ms = Number(input.ms);
    if (!Number.isFinite(ms) || ms < 0) return send(400, { error: 'ms must be a non-negative number' });
    await emulator.advance(ms);
    return send(200, { now: emulator.now() });
  }
  if (first === 'reset' && parts.length === 1 && request.method === 'POST') {
    emulator.reset();
    return send(200, { now: emulator.now() });
  }
  if (first === 'counters' && request.method === 'GET') {
    return send(200, Object.fromEntries(SERVICE_NAMES.map((name) => [name, emulator.counters(name)])));
  }
  if (first === 'faults' && request.method === 'POST' && isService(input.service)) {
    emulator.inject(input.service, input.fault as Fault, input as FaultOptions);
    return send(200, { ok: true });
  }
  if (first === 'faults' && request.method === 'DELETE') {
    emulator.clearFaults();
    return send(200, { ok: true });
  }
  if (first === 'expire' && isService(second) && request.method === 'POST') {
    emulator.expireTokens(second);
    return send(200, { ok: true });
  }
  if (first === 'clickatell-mfa' && second === 'inbox' && third && request.method === 'GET') {
    return send(200, { messages: emulator.inbox(third) });
  }
  if (first === 'clickatell-mfa' && second === 'challenges' && third && request.method === 'POST') {
    const done =
      fourth === 'solve'
        ? emulator.solveChallenge(third)
        : fourth === 'fail'
          ? emulator.failChallenge(third)
          : undefined;
    if (done === undefined) return send(404, { error: 'use /solve or /fail' });
    return send(done ? 200 : 404, { ok: done });
  }
  return send(404, { error: 'unknown control endpoint' });
}
