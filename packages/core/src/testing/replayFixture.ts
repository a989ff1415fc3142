import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type RecordedAnswer, type RecordedRequest, recordingServer } from './recordingServer.js';

/** The version of {@link ReplayFixture} files this kit reads and writes. */
export const FIXTURE_FORMAT = 1;

/** One request a client sent during a {@link FixtureStep}, and the service's answer to it. */
export interface FixtureExchange {
  /** The request (path and query in `url`, headers in lower case). */
  request: Omit<RecordedRequest, 'headers'> & {
    /** Header names in lower case. */
    headers: Record<string, string>;
  };
  /** The service's answer, as {@link recordingServer} replays it. */
  answer: RecordedAnswer;
}

/** What one SDK call came to: its value (as JSON), or its error's class name, provider `code` and HTTP `status`. */
export type FixtureOutcome =
  | {
      /** The resolved value after a JSON round trip (`null` for none). */
      value: unknown;
    }
  | {
      /** The rejection. */
      error: {
        /** The error's class name, e.g. `AuthenticationError`. */
        name: string;
        /** The provider's own code, when the error has one. */
        code?: string | number;
        /** The HTTP status, when the error has one. */
        status?: number;
      };
    };

/** One SDK call of a fixture: `clients[client][call](...args)`, what it came to, and the exchanges it made. */
export interface FixtureStep {
  /** What the step checks, in words (`log-in`, `the session reused`, `a wrong password`…). */
  title: string;
  /** Which of the fixture's `clients` makes the call. */
  client: string;
  /** The client's method. */
  call: string;
  /** Its arguments (JSON). */
  args: unknown[];
  /** What the call came to. */
  outcome: FixtureOutcome;
  /** The requests it sent, in order, each with its answer (none when a cached session or token served it). */
  exchanges: FixtureExchange[];
}

/**
 * A recorded conversation with one service: the clients' options (secrets already replaced by
 * placeholders) and each SDK call with its exchanges. `pnpm test:live --record` writes them; each
 * provider's replay test plays them with {@link replayFixture}.
 */
export interface ReplayFixture {
  /** {@link FIXTURE_FORMAT}. */
  format: typeof FIXTURE_FORMAT;
  /** `clickatell-soap`, `clickatell-mfa`, `sbt` or `cms-auth`. */
  service: string;
  /** Where the answers came from (`live`, or what answered instead), and when. */
  source: string;
  /** Constructor options of each client, by name, without the URL (the replay server's is given instead). */
  clients: Record<string, Record<string, unknown>>;
  /** The calls, in order. */
  steps: FixtureStep[];
}

/** What `settled` came to, in a fixture's terms. */
export async function fixtureOutcome(settled: Promise<unknown>): Promise<FixtureOutcome> {
  try {
    const value = await settled;
    return { value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    const { name, code, status } = error as { name?: unknown; code?: unknown; status?: unknown };
    return {
      error: {
        name: typeof name === 'string' ? name : 'unknown',
        ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
        ...(typeof status === 'number' ? { status } : {}),
      },
    };
  }
}

/** What identifies a request as the one the fixture expects: method, path and query, SOAPAction. */
function identity(request: { method: string; url: string; headers: Record<string, unknown> }): string {
  const action = request.headers.soapaction;
  return `${request.method} ${request.url}${action ? ` soapaction ${String(action)}` : ''}`;
}

/**
 * Play `fixture` against a loopback server that answers its recorded exchanges in order: each step's
 * call goes to `createClient(options, url)` (one client per name in `fixture.clients`, `url` being the
 * server's origin), and must send the recorded requests (method, path and query, SOAPAction) and come
 * to the recorded outcome. Rejects with an `Error` naming the first step that differs.
 */
export async function replayFixture(
  fixture: ReplayFixture,
  createClient: (options: Record<string, unknown>, url: string) => object,
): Promise<void> {
  if (fixture.format !== FIXTURE_FORMAT)
    throw new Error(`fixture format ${fixture.format} is not ${FIXTURE_FORMAT}`);
  const expected = fixture.steps.flatMap((step) => step.exchanges);
  const mismatches: string[] = [];
  const server = await recordingServer((request) => {
    const index = server.requests.length - 1;
    const want = expected[index];
    const got = identity(request as { method: string; url: string; headers: Record<string, unknown> });
    if (!want || identity(want.request) !== got) {
      mismatches.push(
        `request ${index + 1} was ${got}; the fixture has ${want ? identity(want.request) : 'no more'}`,
      );
      return { status: 599, body: 'not in the fixture' };
    }
    return want.answer;
  });
  const clients = new Map<string, object>();
  try {
    let sent = 0;
    for (const [n, step] of fixture.steps.entries()) {
      const where = `step ${n + 1} (${step.title}: ${step.client}.${step.call})`;
      const options = fixture.clients[step.client];
      if (!options) throw new Error(`${where}: the fixture has no client "${step.client}"`);
      if (!clients.has(step.client)) clients.set(step.client, createClient(options, server.url));
      const client = clients.get(step.client) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      if (typeof client[step.call] !== 'function') throw new Error(`${where}: the client has no method`);
      const outcome = await fixtureOutcome(Promise.resolve().then(() => client[step.call]!(...step.args)));
      sent += step.exchanges.length;
      if (mismatches.length > 0) throw new Error(`${where}: ${mismatches[0]}`);
      if (server.requests.length !== sent)
        throw new Error(`${where}: sent ${server.requests.length} requests in all, the fixture ${sent}`);
      if (!isDeepStrictEqual(outcome, step.outcome))
        throw new Error(
          `${where}: came to ${JSON.stringify(outcome)}, the fixture to ${JSON.stringify(step.outcome)}`,
        );
    }
  } finally {
    for (const client of clients.values()) (client as { close?: () => void }).close?.();
    await server.close();
  }
}

/** One fixture file that {@link readFixtures} found. */
export interface FixtureFile {
  /** The file's name, e.g. `captured-answers.json`. */
  name: string;
  /** What it holds. */
  fixture: ReplayFixture;
}

/**
 * The fixtures of `service` among the `.json` files in `dir`, by file name; none when `dir` does not
 * exist. A file of another service is left out, one that is not a fixture throws.
 */
export function readFixtures(dir: string, service: string): FixtureFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, fixture: JSON.parse(readFileSync(join(dir, name), 'utf8')) as ReplayFixture }))
    .filter(({ name, fixture }) => {
      if (fixture?.format !== FIXTURE_FORMAT || !Array.isArray(fixture.steps))
        throw new Error(`${name} is not a replay fixture of format ${FIXTURE_FORMAT}`);
      return fixture.service === service;
    });
}
