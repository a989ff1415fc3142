import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** How a loopback server answers one request, the request's body read in full. */
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A test server on 127.0.0.1, port 0. */
export async function loopback(handler: Handler) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request as a {@link recordingLoopback} received it. */
export interface SeenRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A {@link recordingLoopback}: what it has received, and how it answers now. */
export interface RecordingLoopback {
  readonly url: string;
  /** Every request since the last `reset`, in order. */
  requests: SeenRequest[];
  /** How the next request is answered; a test may replace it. */
  answer: Handler;
  /** Empty `requests` and answer with `answer` from now on (the current one when not given). */
  reset(answer?: Handler): void;
  close(): Promise<void>;
}

/**
 * A {@link loopback} server for the tests of one file, which keeps every request and answers as told:
 * started before the file's tests, reset to `answer` before each test, closed after them all.
 */
export function recordingLoopback(answer: Handler): RecordingLoopback {
  let server: Awaited<ReturnType<typeof loopback>> | undefined;
  const requests: SeenRequest[] = [];
  const recording: RecordingLoopback = {
    get url() {
      return server!.url;
    },
    requests,
    answer,
    reset(next = recording.answer) {
      requests.length = 0;
      recording.answer = next;
    },
    close: () => server!.close(),
  };
  beforeAll(async () => {
    server = await loopback((req, res, body) => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      recording.answer(req, res, body);
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => recording.reset(answer));
  return recording;
}

/** Answers `{"ok":true}` as JSON. */
export const jsonOk: Handler = (_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

/** `{"x":"aaa…"}` of 4 MiB, gzipped (4 KiB): made on first use. */
let gzipBomb: Buffer | undefined;

/**
 * Answers of a server gone wrong, by name, for the transport tests: each transport must turn every one
 * of them into its typed error.
 */
export const badAnswers = {
  /** Headers and body after 2 s. */
  slow: (_req, res) => setTimeout(() => res.writeHead(200).end('{}'), 2_000),
  html: (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Oops</body></html>'),
  html500: (_req, res) =>
    res.writeHead(500, { 'content-type': 'text/html' }).end('<html>Internal error</html>'),
  401: (_req, res) => res.writeHead(401).end(),
  429: (_req, res) => res.writeHead(429, { 'retry-after': '7' }).end(),
  503: (_req, res) => res.writeHead(503).end(),
  /** 2 MiB, declared. */
  big: (_req, res) => res.writeHead(200).end(`{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`),
  /** 4 KiB of gzip that inflates to 4 MiB: the limit must count what comes out, not what was sent. */
  gzipBomb: (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      .end((gzipBomb ??= gzipSync(`{"x":"${'a'.repeat(4 * 1024 * 1024)}"}`))),
  /** No declared length: the limit must be checked as the answer arrives. */
  bigChunked: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    const chunk = 'a'.repeat(64 * 1024);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  },
  /** 8 of 100 declared bytes, then the connection closes. */
  truncated: (_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('{"data":');
    setTimeout(() => res.destroy(), 20);
  },
  reset: (req) => req.socket.destroy(),
  /** Headers at once, then a body that never ends: the deadline covers the whole call. */
  slowBody: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.write('<?xml version="1.0"?>');
  },
} satisfies Record<string, Handler>;

/** The URL of a loopback port that nothing listens on (a server started and closed again). */
export async function closedPort(): Promise<string> {
  const gone = await loopback(() => undefined);
  await gone.close();
  return gone.url;
}

/**
 * A forwarding proxy on 127.0.0.1, port 0: passes on each request (`GET http://…`) and tunnel
 * (`CONNECT host:port`), and keeps its first line in `seen`.
 */
export async function forwardProxy() {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).on('error', () => undefined);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Run `fn` with these environment variables set (`undefined`: unset), and put them back after. */
export async function withEnv<T>(
  variables: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const put = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  put(variables);
  try {
    return await fn();
  } finally {
    put(saved);
  }
}
