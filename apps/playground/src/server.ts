import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromNodeRequest } from '@x/cms-auth';
import { ValidationError } from '@x/core';
import type { TokenExpiry } from '@x/sbt';
import { runDemo } from './demo.ts';
import { createFlows, type Flows } from './flows.ts';

const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

type Handler = (flows: Flows, body: Record<string, unknown>, req: IncomingMessage) => Promise<unknown>;

const routes: Record<string, Handler> = {
  'GET /api/state': async (flows) => ({
    targets: flows.targets,
    now: flows.now(),
    clickatell: flows.clickatell.info() ?? null,
    sbt: flows.sbt.info(),
    challenges: flows.mfa.challenges(),
    phone: flows.mfa.phone ?? null,
    timeline: flows.timeline,
  }),
  'POST /api/clickatell/login': (flows) => flows.clickatell.login(),
  'POST /api/clickatell/ping': (flows) => flows.clickatell.ping(),
  'POST /api/clickatell/balance': async (flows) => ({ credit: await flows.clickatell.balance() }),
  'POST /api/mfa/request': async (flows, body) => ({
    apiRequestId: await flows.mfa.request(body.kind as 'pin' | 'grid' | 'gridplus', String(body.to ?? '')),
  }),
  'POST /api/mfa/verify': (flows, body) => flows.mfa.verify(String(body.id), String(body.pin ?? '')),
  'POST /api/mfa/solve': async (flows, body) => ({ ok: flows.mfa.solve(String(body.id)) }),
  'POST /api/mfa/inbox': async (flows, body) => ({ messages: flows.mfa.inbox(String(body.to ?? '')) }),
  'POST /api/sbt/token': (flows, body) => flows.sbt.token(body.setting as TokenExpiry),
  'POST /api/sbt/send': (flows, body) => flows.sbt.send(body.setting as TokenExpiry),
  'POST /api/warp': async (flows, body) => {
    const minutes = Number(body.minutes);
    if (!Number.isFinite(minutes) || minutes <= 0)
      throw new ValidationError('minutes must be positive', { provider: 'playground', field: 'minutes' });
    await flows.warp(minutes * 60_000);
    return { now: flows.now() };
  },
  'GET /api/cms/me': async (flows, _body, req) => ({ identity: await flows.cms.me(fromNodeRequest(req)) }),
};

/** Start the playground's web server on `port` (0: any free port). */
export async function startPlayground(options: { port?: number; host?: string } = {}) {
  const flows = await createFlows();
  const server = createServer((req, res) => {
    handle(flows, req, res).catch((error: Error) =>
      send(res, 500, { error: error.name, message: error.message }),
    );
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    flows,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await flows.close();
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(data ?? null));
}

async function handle(flows: Flows, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    return;
  }
  let raw = '';
  for await (const chunk of req) raw += chunk;
  let body: Record<string, unknown> = {};
  try {
    body = raw ? JSON.parse(raw) : {};
  } catch {
    return send(res, 400, { error: 'BadRequest', message: 'body is not JSON' });
  }
  // the log-in routes set and clear the real authToken cookie
  if (req.method === 'POST' && path === '/api/cms/login') {
    return run(res, async () => {
      const { identity, setCookie } = await flows.cms.login(
        String(body.username ?? ''),
        String(body.password ?? ''),
      );
      send(res, 200, { identity }, { 'set-cookie': setCookie });
    });
  }
  if (req.method === 'POST' && path === '/api/cms/logout') {
    return run(res, async () => {
      const { setCookie } = await flows.cms.logout(fromNodeRequest(req));
      send(res, 200, { ok: true }, { 'set-cookie': setCookie });
    });
  }
  const route = routes[`${req.method} ${path}`];
  if (!route) return send(res, 404, { error: 'NotFound', message: path });
  return run(res, async () => send(res, 200, await route(flows, body, req)));
}

/** Errors become JSON the page can show: the typed error's name and (already redacted) message. */
async function run(res: ServerResponse, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const e = error as Error & { status?: number };
    send(res, e.name === 'ValidationError' ? 400 : 502, { error: e.name, message: e.message });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--demo')) {
    process.exitCode = (await runDemo()) ? 0 : 1;
  } else {
    const playground = await startPlayground({ port: Number(process.env.PORT ?? 4000) });
    const { targets } = playground.flows;
    console.log(`playground: ${playground.url}`);
    console.log(
      `targets: ${Object.entries(targets)
        .map(([flow, target]) => `${flow}=${target}`)
        .join(' ')}  (set CLICKATELL_*, CLICKATELL_MFA_TOKEN, SBT_API_KEY or CMS_SITE to use real endpoints)`,
    );
    if (playground.flows.emulator) console.log(`emulator: ${playground.flows.emulator.url}`);
    const stop = () => playground.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}
