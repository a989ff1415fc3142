import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a {@link recordingServer} received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a {@link recordingServer} answers. */
export interface RecordedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/**
 * A loopback HTTP server for tests (127.0.0.1, a free port) that answers each request with
 * `answer(request)` and keeps every request: replay real answers byte for byte, then check what the
 * client sent. Close it with `close()`.
 */
export async function recordingServer(answer: (request: RecordedRequest) => RecordedAnswer) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    /** `http://127.0.0.1:<port>` (no trailing slash). */
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
