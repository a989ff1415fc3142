import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearAuthTokenCookie } from '@x/cms-auth';
import { Confirmations } from './confirmations.ts';
import { runDemo } from './demo.ts';
import { createFlows, type Env, targetsFrom } from './flows.ts';
import { invalid, statusFor } from './playgroundErrors.ts';
import { allowedHostsFrom, type HostPolicy, hostAllowed, sameOrigin } from './requestGuard.ts';
import { type RouteContext, routes } from './routes.ts';
import { Sessions } from './sessions.ts';

const PAGE_DIR = new URL('./page/', import.meta.url);
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};
const MAX_BODY = 64 * 1024;

export interface PlaygroundOptions {
  /** Port on `host`; 0 picks a free one. */
  port?: number;
  host?: string;
  /**
   * Host names the server answers besides its own (127.0.0.1, localhost and [::1] on its port), on any
   * port, as Vite's `server.allowedHosts`: `play.example.test`, or `.example.test` for the name and its
   * subdomains. `PLAYGROUND_ALLOWED_HOSTS` (comma-separated, in `env`) adds more. Any other `Host` gets 403.
   */
  allowedHosts?: string[];
  /** Where credentials for real endpoints and `PLAYGROUND_ALLOWED_HOSTS` are read (default `process.env`). */
  env?: Env;
  /** Where each failed request is logged, one line each (default stderr). */
  log?: (line: string) => void;
}

/** Start the playground's web server: the page, its ES modules, and the JSON API of one playground per tab. */
export async function startPlayground(options: PlaygroundOptions = {}) {
  const log = options.log ?? ((line: string) => console.error(line));
  const env = options.env ?? process.env;
  const sessions = new Sessions(() => createFlows({ env }));
  const guard: Guard = {
    sessions,
    confirmations: new Confirmations(),
    // the port is known once listening; nothing is answered before that
    hosts: { port: 0, allowedHosts: allowedHostsFrom(options.allowedHosts, env.PLAYGROUND_ALLOWED_HOSTS) },
  };
  if (options.host) guard.hosts.listenHost = options.host;
  const server = createServer((req, res) => {
    void handle(guard, req, res).then((failure) => {
      if (failure) log(`playground: ${failure}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  guard.hosts.port = port;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The playground of the tab with this id (tests use it to look behind the page). */
    session: (id: string) => sessions.get(id),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sessions.closeAll();
    },
  };
}

function send(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(data ?? null));
}

/** What every request passes: the host and origin checks, the tabs, the confirmations of real actions. */
interface Guard {
  sessions: Sessions;
  confirmations: Confirmations;
  hosts: HostPolicy;
}

/** Answer one request; resolves the line to log when it failed. */
async function handle(
  { sessions, confirmations, hosts }: Guard,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<string | undefined> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const where = `${req.method} ${url.pathname}`;
  // before anything else, the page included: after DNS rebinding a foreign page is "same-origin" under its name
  if (!hostAllowed(req.headers.host, hosts)) {
    send(res, 403, {
      error: 'ForbiddenHost',
      message:
        'this playground answers only its own host names; allow another with PLAYGROUND_ALLOWED_HOSTS or the allowedHosts option',
    });
    return `403 ${where}: host ${JSON.stringify(req.headers.host ?? null)} is not allowed`;
  }
  if (req.method !== 'GET' && !sameOrigin(req.headers)) {
    send(res, 403, {
      error: 'ForbiddenOrigin',
      message: "only the playground's own page may do this (its Origin, or Sec-Fetch-Site: same-origin)",
    });
    return `403 ${where}: origin ${JSON.stringify(req.headers.origin ?? null)} is not the playground's`;
  }
  if (req.method === 'GET' && !url.pathname.startsWith('/api/')) return serveFile(url.pathname, res, where);
  try {
    const body = await readJson(req);
    const tab = header(req, 'x-playground-session');
    if (where === 'POST /api/session') {
      send(res, 200, { id: sessions.open() });
      return;
    }
    if (where === 'POST /api/reset') {
      await sessions.reset(tab);
      // a new start logs the tab's Recite user out too
      send(res, 200, { ok: true }, { 'set-cookie': clearAuthTokenCookie({ secure: false }) });
      return;
    }
    const route = routes[where];
    if (!route) {
      send(res, 404, { error: 'NotFound', message: `no route ${where}` });
      return `404 ${where}`;
    }
    const cookies: string[] = [];
    const ctx: RouteContext = {
      flows: await sessions.get(tab),
      body,
      query: url.searchParams,
      req,
      setCookie: (value) => cookies.push(value),
    };
    const prompt = route.confirm?.(ctx);
    const action = `${where}\n${prompt}`;
    if (prompt !== undefined && !confirmations.take(tab!, action, body.confirmation)) {
      // nothing sent: the page shows `prompt` to the person and, if they agree, repeats the call with this
      send(res, 428, {
        error: 'ConfirmationRequired',
        message: `${prompt} (this acts on a real account: once the person agrees, repeat the call with this confirmation)`,
        prompt,
        ...confirmations.issue(tab!, action),
      });
      return body.confirmation === undefined
        ? undefined
        : `428 ${where}: the confirmation given is not this one's`;
    }
    const result = await route.run(ctx);
    const data = route.sdk ? { result, sdk: route.sdk(ctx) } : result;
    send(res, 200, data, cookies.length ? { 'set-cookie': cookies.join(', ') } : {});
  } catch (error) {
    const e = error as Error;
    const status = statusFor(e);
    // provider errors arrive already scrubbed of secrets; an unexpected one is named, not echoed
    const message = status === 500 ? 'unexpected error (see the server log)' : e.message;
    send(res, status, { error: e.name, message });
    return `${status} ${where} ${e.name}: ${status === 500 ? (e.stack ?? e.message).split('\n').slice(0, 2).join(' ') : message}`;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > MAX_BODY) throw invalid('body', 'is larger than 64 KiB');
  }
  if (!raw) return {};
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw invalid('body', 'is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body', 'must be a JSON object');
  return body as Record<string, unknown>;
}

/** `/` is the page; `/page/*.js|css` its modules and style; `/favicon.ico|svg` the icon. */
function serveFile(path: string, res: ServerResponse, where: string): string | undefined {
  const name =
    path === '/'
      ? 'index.html'
      : path === '/favicon.ico' || path === '/favicon.svg'
        ? 'favicon.svg'
        : /^\/page\/([a-zA-Z]+\.(?:js|css))$/.exec(path)?.[1];
  if (name) {
    try {
      const file = readFileSync(new URL(name, PAGE_DIR));
      res
        .writeHead(200, { 'content-type': TYPES[name.split('.').pop()!]!, 'cache-control': 'no-cache' })
        .end(file);
      return;
    } catch {
      // not one of ours: a 404 below
    }
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  return `404 ${where}`;
}

/** `node src/server.ts [--demo]`: a busy port is a one-line message, not a stack. */
async function main(): Promise<number | undefined> {
  if (process.argv.includes('--demo')) return (await runDemo()) ? 0 : 1;
  const port = Number(process.env.PORT ?? 4000);
  let playground: Awaited<ReturnType<typeof startPlayground>>;
  try {
    playground = await startPlayground({ port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      console.error(
        `playground: port ${port} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; start with PORT=<another port> (PORT=0 picks a free one)`,
      );
      return 1;
    }
    throw error;
  }
  const targets = targetsFrom(process.env);
  console.log(`playground: ${playground.url}`);
  console.log(
    `targets: ${Object.entries(targets)
      .map(([flow, target]) => `${flow}=${target}`)
      .join(' ')}  (set CLICKATELL_*, CLICKATELL_MFA_TOKEN, SBT_API_KEY or CMS_SITE to use real endpoints)`,
  );
  const stop = () => playground.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await main();
  if (code !== undefined) process.exitCode = code;
}
