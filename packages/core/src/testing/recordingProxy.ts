import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endToEndHeaders } from './endToEndHeaders.js';
import type { RecordedAnswer, RecordedRequest } from './recordingServer.js';

/** One request a {@link recordingProxy} forwarded, and what came back (`answer` is absent when nothing did). */
export interface ProxiedExchange {
  /** The request as the client sent it (headers in lower case). */
  request: RecordedRequest;
  /** The upstream's answer, headers without hop-by-hop ones; absent when the upstream gave none. */
  answer?: RecordedAnswer;
  /** Why no answer came (network error, the client gave up). */
  failure?: string;
}

/** A running {@link recordingProxy}. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: give it to the client in place of the upstream. */
  url: string;
  /** Every exchange so far, in order (a live array). */
  exchanges: ProxiedExchange[];
  /** Stop the proxy and drop its connections. */
  close(): Promise<void>;
}

/**
 * A loopback HTTP server (127.0.0.1, a free port) that forwards every request to `upstream` (an origin,
 * maybe with a path prefix) and keeps each request and answer as {@link recordingServer} would replay
 * them. Point a client at `url` to capture what a real service says. Close it with `close()`.
 */
export async function recordingProxy(upstream: string): Promise<RecordingProxy> {
  const base = upstream.replace(/\/+$/, '');
  const exchanges: ProxiedExchange[] = [];
  const forward = async (req: IncomingMessage): Promise<ProxiedExchange> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = endToEndHeaders(Object.entries(req.headers));
    const request = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers,
      body: body.toString('utf8'),
    };
    const exchange: ProxiedExchange = { request };
    exchanges.push(exchange);
    // the client may give up first (its own deadline): stop waiting for the upstream too. The listener comes
    // off when the exchange ends: a kept-alive socket carries many requests, and would gather one per request
    const gaveUp = new AbortController();
    const giveUp = () => gaveUp.abort();
    req.socket.once('close', giveUp);
    try {
      const response = await fetch(`${base}${request.url}`, {
        method: request.method,
        headers,
        redirect: 'manual',
        signal: gaveUp.signal,
        ...(body.length > 0 ? { body } : {}),
      });
      const text = await response.text();
      exchange.answer = {
        status: response.status,
        headers: endToEndHeaders(response.headers.entries()),
        body: text,
      };
    } catch (error) {
      exchange.failure = gaveUp.signal.aborted
        ? 'the client gave up waiting'
        : `no answer: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`;
    } finally {
      req.socket.off('close', giveUp);
    }
    return exchange;
  };
  const server = createServer((req, res) => {
    void forward(req).then(
      ({ answer }) => {
        if (!answer) return void res.destroy();
        res.writeHead(answer.status, answer.headers).end(answer.body);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
