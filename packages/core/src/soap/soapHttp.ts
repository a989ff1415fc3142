import type { Agent, IncomingHttpHeaders } from 'node:http';
import { HttpClient } from 'soap';
import { abortError, abortErrorMidBody } from '../callOptions.js';
import { ProtocolError, TransportError } from '../errors.js';
import {
  errorForStatus,
  REDIRECT_STATUSES,
  redirectRefused,
  tooLarge,
  transportFailure,
} from '../statusErrors.js';

// by their CommonJS exports: an ES import of `node:http` evaluates every lazy export, ~70 ms of the first call
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

/** An envelope's opening tag, with or without a prefix. */
const ENVELOPE = /<(?:[A-Za-z_][\w.-]*:)?Envelope[\s>/]/;

/** What a {@link SoapTransport} hands node-soap for each request (node-soap passes it on untouched). */
export interface SoapHttpOptions {
  provider: string;
  /** The call's deadline in ms, for messages; the request's own timer ends at `deadlineAt`. */
  timeoutMs: number;
  /** When the call's deadline passes (`performance.now()` time); default `timeoutMs` from now. */
  deadlineAt?: number;
  /** Largest accepted answer, in bytes. */
  maxBytes: number;
  agent?: Agent;
  signal?: AbortSignal;
}

/** The answer as node-soap reads it: `status`, `headers`, and the body as text. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  data: string;
}

type Callback = (error: unknown, answer?: Answer, body?: string) => void;

/**
 * node-soap's HTTP on `node:http` instead of axios: node-soap still builds every envelope and parses
 * every answer, but a request costs one `http.request` with the headers node-soap chose, no config
 * merging. Every failure is already a typed error when it reaches node-soap: a deadline for the whole
 * request, the caller's signal, a size limit checked on the declared length and on every chunk, an
 * answer cut off mid-body, an answer with no envelope (mapped by its status). A redirect is refused (a
 * `ProtocolError` naming the status and host) and no proxy is read from the environment.
 */
export class SoapHttpClient extends HttpClient {
  override request(
    url: string,
    data: string | null,
    callback: Callback,
    headers: Record<string, string> = {},
    options?: SoapHttpOptions,
  ): never {
    const { provider, timeoutMs, maxBytes, agent, signal, deadlineAt } = options!;
    if (signal?.aborted) {
      callback(abortError(provider, signal));
      return undefined as never;
    }
    let settled = false;
    const settle = (error: unknown, answer?: Answer) => {
      // equivalent mutant: dropping this guard lets a second outcome (the 'close' after a size-limit
      // failure) reach node-soap's callback, whose promise has settled already
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (answer) callback(null, answer, answer.data);
      else callback(error);
    };
    // equivalent mutant: `''` for 'utf8' (an empty encoding is utf8 too)
    const body = data === null ? undefined : Buffer.from(data, 'utf8');
    const send = url.startsWith('https:') ? https.request : http.request;
    let req: ReturnType<typeof send>;
    try {
      req = send(url, {
        // equivalent mutant: `''` for 'GET' (node:http sends GET when the method is empty)
        method: body ? 'POST' : 'GET',
        agent,
        headers: body ? { ...headers, 'Content-Length': body.length } : headers,
      });
    } catch (error) {
      // refused before anything was sent (a header value Node will not write, say)
      // equivalent mutant: `''` for 'network': any kind but the other three is a network failure
      callback(transportFailure(provider, 'network', timeoutMs, error));
      return undefined as never;
    }
    const fail = (error: Error) => {
      settle(error);
      req.destroy();
    };
    let headersCame = false;
    const onAbort = () => fail((headersCame ? abortErrorMidBody : abortError)(provider, signal!));
    const timer = setTimeout(
      () => fail(transportFailure(provider, headersCame ? 'slow-body' : 'timeout', timeoutMs)),
      deadlineAt === undefined ? timeoutMs : Math.max(0, deadlineAt - performance.now()),
    );
    // equivalent mutant: without `once`, the same: settle() removes the listener
    signal?.addEventListener('abort', onAbort, { once: true });
    // equivalent mutant: `''` for 'network': any kind but the other three is a network failure
    req.on('error', (error) => settle(transportFailure(provider, 'network', timeoutMs, error)));
    req.on('response', (res) => {
      headersCame = true;
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status))
        return fail(redirectRefused(provider, status, res.headers.location, url));
      if (Number(res.headers['content-length']) > maxBytes) return fail(tooLarge(provider, maxBytes));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(tooLarge(provider, maxBytes));
        else chunks.push(chunk);
      });
      res.on('error', () => undefined); // reported by 'close' below
      res.on('close', () => {
        // equivalent mutant: `false`: after a complete answer the call has settled, and destroying a
        // finished request does nothing
        if (res.complete) return;
        fail(
          new TransportError('answer cut off: the connection closed mid-body', {
            provider,
            status: res.statusCode,
            retryable: true,
          }),
        );
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks, size).toString('utf8');
        const ok = status >= 200 && status < 300;
        // a call answered with no envelope at all (an HTML page, an empty 401…), or a WSDL
        // fetch that failed: the status says what happened
        if (body ? !ENVELOPE.test(text) : !ok) {
          return settle(
            ok
              ? new ProtocolError('answer is not a SOAP envelope', { provider, status })
              : errorForStatus(provider, status, '', res.headers['retry-after']),
          );
        }
        // node-soap's own trimming of anything printed around the envelope (a PHP notice, say)
        // equivalent mutant: any initial `data`: handleResponse's text replaces it at once
        const answer = { status, headers: res.headers, data: '' };
        answer.data = this.handleResponse(undefined as never, answer as never, text);
        settle(null, answer);
      });
    });
    req.end(body);
    return undefined as never;
  }
}

const proxyAgents = new Map<string, Agent>();

/**
 * A keep-alive agent that follows `proxyEnv` (the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` variables a
 * transport read when it was made): Node's own proxy support (`proxyEnv`, Node 22.21 and 24.5 on).
 * Transports created under the same settings share it.
 */
export function envProxyAgent(protocol: string, proxyEnv: Record<string, string | undefined>): Agent {
  const key = `${protocol} ${JSON.stringify(proxyEnv)}`;
  let agent = proxyAgents.get(key);
  // equivalent mutants: a new agent each time, without keep-alive, or not kept: sharing saves connections
  if (!agent) {
    const options = { keepAlive: true, proxyEnv };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    proxyAgents.set(key, agent);
  }
  return agent;
}
