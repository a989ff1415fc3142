// `timeoutMs` is one deadline for the whole call on every client, SOAP and REST: a body that trickles in
// after late headers, and a 503 whose Retry-After would end past the deadline, both end the call on time
// with a typed error that says which of the two happened.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClickatellMfaClient } from '@x/clickatell-mfa';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import { CmsAuthClient } from '@x/cms-auth';
import { ServiceError, TransportError } from '@x/core';
import { SbtClient } from '@x/sbt';
import { beforeAll, describe, expect, it } from 'vitest';

const TIMEOUT_MS = 2_000;
/**
 * The server answers just inside the deadline: headers (or the 503) 1.8 s after the call began. The 200 ms left
 * are for reading a 503's short body on a loaded machine (with 100, a CI run under load missed it three times).
 */
const ANSWER_AT_MS = 1_800;
/** The call must have ended by then. */
const LIMIT_MS = 2_200;

type Hostility = 'trickle' | 'retry-after';

/**
 * Silence until 1.8 s after the call began (`callStartedAt`, so that the client's own work counts), then
 * headers and a body of one byte every 100 ms (trickle), or a 503 with `Retry-After: 2`.
 */
function answerLate(hostility: Hostility, res: ServerResponse, contentType: string, callStartedAt: number) {
  const late = setTimeout(
    () => {
      if (hostility === 'retry-after') {
        res.writeHead(503, { 'retry-after': '2', 'content-type': 'text/plain' }).end('busy, come back later');
        return;
      }
      res.writeHead(200, { 'content-type': contentType });
      res.flushHeaders(); // the headers go now, not with the first byte of the body
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    },
    callStartedAt + ANSWER_AT_MS - performance.now(),
  );
  res.on('close', () => clearTimeout(late));
}

/** A loopback server that answers 404 at once until `turnHostile` (so that a client can warm up first). */
async function hostileServer(hostility: Hostility) {
  let callStartedAt: number | undefined;
  let requests = 0;
  const server = createServer((req, res) => {
    const contentType = req.method === 'POST' ? 'text/xml' : 'application/json';
    req.resume();
    req.on('end', () => {
      if (callStartedAt === undefined) return res.writeHead(404).end();
      requests++;
      answerLate(hostility, res, contentType, callStartedAt);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    turnHostile: (at: number) => (callStartedAt = at),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A client with `timeoutMs: 2000`, and its one call: a single request (the REST ones are GETs, retried). */
const CLIENTS: Record<string, (url: string) => () => Promise<unknown>> = {
  ClickatellSoapClient: (url) => {
    const client = new ClickatellSoapClient({
      apiId: '3400001',
      user: 'demo',
      password: 'demo-password',
      endpoint: `${url}/soap/document_literal/webservice`,
      timeoutMs: TIMEOUT_MS,
    });
    return () => client.auth();
  },
  ClickatellMfaClient: (url) => {
    const client = new ClickatellMfaClient({ token: 'mfa-token-1234', baseUrl: url, timeoutMs: TIMEOUT_MS });
    return () => client.getStatus('req-1');
  },
  'SbtClient (soap)': (url) => {
    const client = new SbtClient({
      apiKey: 'sbt-key-1234',
      baseUrl: url,
      transport: 'soap',
      timeoutMs: TIMEOUT_MS,
    });
    return () => client.authenticateApiKey();
  },
  'SbtClient (rest)': (url) => {
    const client = new SbtClient({
      apiKey: 'sbt-key-1234',
      baseUrl: url,
      transport: 'rest',
      timeoutMs: TIMEOUT_MS,
    });
    return () => client.authenticateApiKey();
  },
  CmsAuthClient: (url) => {
    const client = new CmsAuthClient({ site: url, timeoutMs: TIMEOUT_MS });
    return () => client.authenticate({ username: 'alice', password: 'wonderland' });
  },
};

interface Outcome {
  ms: number;
  error: unknown;
  requests: number;
}

/**
 * Every client against both servers, concurrently: each client first makes one call that is answered at
 * once (its WSDL parsed, its connection pool started, as in a running app), then the measured call. The
 * measured calls start 100 ms apart, so that on a loaded machine their deadlines do not all fall at once.
 */
/** One measured call of `make`'s client against a new server turned hostile, after a warm-up call. */
async function measure(make: (url: string) => () => Promise<unknown>, hostility: Hostility, pauseMs: number) {
  const server = await hostileServer(hostility);
  try {
    const call = make(server.url);
    await call().catch(() => undefined); // warm: a 404, at once
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const started = performance.now();
    server.turnHostile(started);
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { ms: performance.now() - started, error, requests: server.requests() };
  } finally {
    await server.close();
  }
}

const outcomes = new Map<string, Outcome>();
beforeAll(async () => {
  const cases = Object.entries(CLIENTS).flatMap(([client, make]) =>
    (['trickle', 'retry-after'] as const).map((hostility) => ({
      name: `${client} ${hostility}`,
      make,
      hostility,
    })),
  );
  await Promise.all(
    cases.map(async ({ name, make, hostility }, i) => {
      // "no answer", or an end past 2.2 s, is also what a loaded machine gives when the event loop pauses
      // (through the 200 ms between the answer at 1.8 s and the deadline, or past the deadline's own timer):
      // measured again, at most twice; a wrong outcome that comes every time still fails
      for (let attempt = 0; attempt < 3; attempt++) {
        const outcome = await measure(make, hostility, 500 + i * 100);
        outcomes.set(name, outcome);
        const noAnswer = /no answer within/.test(String((outcome.error as Error | undefined)?.message));
        if (!noAnswer && outcome.ms < LIMIT_MS) break;
      }
    }),
  );
}, 60_000);

describe('timeoutMs: 2000 is one deadline for the whole call, on every client', () => {
  it.each(Object.keys(CLIENTS))(
    '%s: headers at 1.8 s, then a trickling body → TransportError within 2.2 s, saying the body was still arriving',
    (client) => {
      const { ms, error } = outcomes.get(`${client} trickle`)!;
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toMatch(
        /answer not complete within 2000 ms: the headers came, the body was still arriving/,
      );
      expect(ms).toBeLessThan(LIMIT_MS);
    },
  );

  it.each(Object.keys(CLIENTS))(
    '%s: 503 with Retry-After: 2 at 1.8 s → ServiceError within 2.2 s, saying the server asked to retry in 2 s, not waited for',
    (client) => {
      const { ms, error, requests } = outcomes.get(`${client} retry-after`)!;
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).status).toBe(503);
      expect((error as Error).message).toMatch(/HTTP 503.*; the server asked to retry in 2 s/);
      expect(ms).toBeLessThan(LIMIT_MS);
      expect(requests).toBe(1);
    },
  );
});
