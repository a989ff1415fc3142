import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactUrl, scrub } from '@x/core';
import { endToEndHeaders } from '@x/core/testing';

/** One HTTP exchange between a client and its service, as the request inspector shows it. */
export interface Exchange {
  id: number;
  /** Which client made it: `clickatell-soap`, `clickatell-mfa`, `sbt`, `cms-auth`. */
  service: string;
  method: string;
  /** The URL the client meant (the service's, not the recorder's), secrets redacted. */
  url: string;
  /** HTTP status, or `undefined` when no answer came (reset, client gave up). */
  status?: number;
  /** What happened instead of an answer. */
  failure?: string;
  /** The SOAP operation or REST action, when one can be read. */
  operation?: string;
  /** Epoch ms on the session's clock. */
  at: number;
  /** Real milliseconds from request to the end of the answer. */
  ms: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

const MAX_EXCHANGES = 200;
const MAX_BODY = 64 * 1024;
/** Names of headers, XML elements, JSON keys and query fields whose values are secrets. */
const SECRET_NAME = /pass|token|session_?id|api_?id|apikey|api_key|secret|pin|authorization|cookie/i;

/**
 * A loopback recorder in front of one service: the client is pointed at it, it forwards every request
 * to the service unchanged and keeps a redacted copy of both sides for the inspector.
 */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly #servers: Server[] = [];
  readonly #now: () => number;
  #nextId = 1;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Start a recorder for `service` that forwards to `upstream` (an origin, maybe with a path prefix). */
  async front(service: string, upstream: string): Promise<string> {
    const base = upstream.replace(/\/+$/, '');
    const server = createServer((req, res) => {
      void this.#forward(service, base, req).then(
        (answer) => {
          if (!answer) return void res.destroy();
          res.writeHead(answer.status, answer.headers).end(answer.body);
        },
        () => res.destroy(),
      );
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  clear(): void {
    this.exchanges.length = 0;
  }

  /** The exchanges after id `after`, newest first, redacted again now that the clients have registered their secrets. */
  list(after = 0): Exchange[] {
    return this.exchanges
      .filter((e) => e.id > after)
      .map((e) => ({
        ...e,
        url: redactUrl(e.url),
        requestHeaders: redactHeaders(e.requestHeaders),
        requestBody: redactBody(e.requestBody),
        responseHeaders: redactHeaders(e.responseHeaders),
        responseBody: redactBody(e.responseBody, e.operation === 'auth'),
      }))
      .reverse();
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(resolve);
          }),
      ),
    );
  }

  async #forward(service: string, base: string, req: IncomingMessage) {
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = endToEndHeaders(Object.entries(req.headers));
    const url = `${base}${req.url ?? '/'}`;
    const requestBody = body.toString('utf8');
    const exchange: Exchange = {
      id: this.#nextId++,
      service,
      method: req.method ?? 'GET',
      url,
      at: this.#now(),
      ms: 0,
      requestHeaders: headers,
      requestBody: clip(requestBody),
      responseHeaders: {},
      responseBody: '',
      ...operationOf(headers, requestBody, url),
    };
    this.exchanges.push(exchange);
    if (this.exchanges.length > MAX_EXCHANGES) this.exchanges.shift();
    // the client may give up first (its timeout): the recorder stops waiting too. The listener comes off
    // when the exchange ends: a kept-alive socket carries many requests, and would gather one per request
    const gaveUp = new AbortController();
    const giveUp = () => gaveUp.abort();
    req.socket.once('close', giveUp);
    try {
      const response = await fetch(url, {
        method: exchange.method,
        headers,
        redirect: 'manual',
        signal: gaveUp.signal,
        ...(body.length > 0 ? { body } : {}),
      });
      const answer = Buffer.from(await response.arrayBuffer());
      const responseHeaders = endToEndHeaders(response.headers.entries());
      exchange.status = response.status;
      exchange.responseHeaders = responseHeaders;
      exchange.responseBody = clip(answer.toString('utf8'));
      return { status: response.status, headers: responseHeaders, body: answer };
    } catch (error) {
      exchange.failure = gaveUp.signal.aborted
        ? 'the client gave up waiting (its timeout)'
        : `no answer: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`;
      return undefined;
    } finally {
      req.socket.off('close', giveUp);
      exchange.ms = Math.round(performance.now() - started);
    }
  }
}

function clip(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}\n… (${text.length} characters in all)` : text;
}

/** The SOAP operation (first element of the Body, or the SOAPAction's last part) or the REST path's end. */
function operationOf(headers: Record<string, string>, body: string, url: string): { operation?: string } {
  const inBody = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1];
  if (inBody) return { operation: inBody };
  const action = headers.soapaction?.replace(/"/g, '').split('/').pop();
  if (action) return { operation: action };
  const last = new URL(url).pathname.split('/').filter(Boolean).pop();
  return last ? { operation: last } : {};
}

const MASK = '[REDACTED]';

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (/^authorization$/i.test(name)) return [name, value.replace(/^(\w+\s+).*$/, `$1${MASK}`)];
      if (/cookie/i.test(name)) return [name, value.replace(/=[^;,]*/g, `=${MASK}`)];
      return [name, scrub(value)];
    }),
  );
}

/** Known secrets, plus every XML element, JSON field or form field whose name says it holds one. */
export function redactBody(body: string, isClickatellAuth = false): string {
  let out = scrub(body);
  out = out.replace(
    /<((?:[\w-]+:)?([\w-]+))([^>]*)>([^<]+)<\/\1>/g,
    (whole, tag: string, name: string, attrs: string) =>
      SECRET_NAME.test(name) ? `<${tag}${attrs}>${MASK}</${tag}>` : whole,
  );
  out = out.replace(/("([\w-]+)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, (whole, head: string, name: string) =>
    SECRET_NAME.test(name) ? `${head}"${MASK}"` : whole,
  );
  // Clickatell answers auth with "OK: <session ID>" in an element with no telling name
  if (isClickatellAuth) out = out.replace(/OK:\s*[^\s<]+/g, `OK: ${MASK}`);
  return out;
}
