import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a {@link recordingServer} received it. */
export interface RecordedRequest {
  /** `GET`, `POST`… */
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  /** Header names in lower case, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The body as text. */
  readonly body: string;
}

/** What a {@link recordingServer} answers. */
export interface RecordedAnswer {
  /** HTTP status. */
  status: number;
  /** Response headers, e.g. `content-type`. */
  headers?: Record<string, string>;
  /** The body, byte for byte. */
  body: string;
}

/** A running {@link recordingServer}. */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Every request received so far, in order (a live array). */
  requests: RecordedRequest[];
  /** Stop the server and drop its connections. */
  close(): Promise<void>;
}

/**
 * A loopback HTTP server for tests (127.0.0.1, a free port) that answers each request with
 * `answer(request)` and keeps every request: replay real answers byte for byte, then check what the
 * client sent. Close it with `close()`.
 */
export async function recordingServer(
  answer: (request: RecordedRequest) => RecordedAnswer,
): Promise<RecordingServer> {
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
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
