import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Row {
  client: string;
  repeatable: boolean;
  fault: string;
  ms: number;
  requests: number;
  error: string | null;
  status: number | null;
  retryAfterMs: number | null;
  polluted: boolean;
}
interface Report {
  rows: Row[];
  unhandled: string[];
  canaryHits: string[];
  scanned: { errors: number; events: number; logLines: number };
}

/** What each fault must become, whatever the client. */
const EXPECTED: Record<string, (row: Row) => void> = {
  timeout: (r) => expect([r.error, r.requests]).toEqual(['TransportError', 1]),
  'connection reset': (r) => expect(r.error).toBe('TransportError'),
  '500': (r) => expect([r.error, r.status]).toEqual(['ServiceError', 500]),
  '503': (r) => expect([r.error, r.status]).toEqual(['ServiceError', 503]),
  '429 Retry-After': (r) =>
    expect([r.error, r.status, r.retryAfterMs]).toEqual(['RateLimitError', 429, 7_000]),
  'HTML error page': (r) => expect([r.error, r.status]).toEqual(['ServiceError', 502]),
  'truncated body': (r) => expect(r.error).toBe('TransportError'),
  'malformed body': (r) => expect(r.error).toBe('ProtocolError'),
  'empty-body 401': (r) => expect([r.error, r.status]).toEqual(['AuthenticationError', 401]),
  '50 MB body': (r) => expect(r.error).toBe('ProtocolError'),
  'entity-bomb XML': (r) => expect(r.error).toBe('ProtocolError'),
  // JSON clients drop the keys and succeed; node-soap refuses such documents: a typed ProtocolError
  '__proto__ names': (r) => expect([null, 'ProtocolError']).toContain(r.error),
};

let report: Report;
let exitedAfterMs: number;
beforeAll(async () => {
  const script = fileURLToPath(new URL('./fixtures/faultMatrix.ts', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  let printedAt = 0;
  child.stdout.on('end', () => (printedAt = Date.now()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  exitedAfterMs = Date.now() - (printedAt || Date.now());
  expect(code).toBe(0);
  report = JSON.parse(out);
}, 120_000);

describe('fault matrix: every client × every fault', () => {
  it('covers 6 clients × 12 faults', () => {
    expect(report.rows).toHaveLength(72);
  });

  it('each fault becomes the right typed error', () => {
    for (const row of report.rows) {
      try {
        EXPECTED[row.fault]!(row);
      } catch (error) {
        throw new Error(`${row.client} × ${row.fault}: ${(error as Error).message}`);
      }
    }
  });

  it('every call settles within its deadline (0.8 s, the retries of GETs included)', () => {
    for (const row of report.rows) expect(row.ms, `${row.client} × ${row.fault}`).toBeLessThan(1_500);
  });

  it('a call that is not safe to repeat is sent exactly once (a challenge POST sends an SMS)', () => {
    for (const row of report.rows.filter((r) => !r.repeatable))
      expect(row.requests, `${row.client} × ${row.fault}`).toBe(1);
    const retried = report.rows.filter(
      (r) => r.repeatable && ['500', '503', 'HTML error page', 'connection reset'].includes(r.fault),
    );
    // retried as often as the one 800 ms deadline allows: the 300 ms backoff fits after a quick first answer
    // (not after a slow one, on a loaded machine), the next 600 ms never does
    for (const row of retried) expect([1, 2], `${row.client} × ${row.fault}`).toContain(row.requests);
    expect(retried.filter((r) => r.requests === 2).length).toBeGreaterThan(retried.length / 2);
  });

  it('nothing reaches a prototype; no unhandled rejection; no timer left behind (the process exits by itself)', () => {
    expect(report.rows.filter((r) => r.polluted)).toEqual([]);
    expect(report.unhandled).toEqual([]);
    expect(exitedAfterMs).toBeLessThan(2_000);
  });

  it('canary secrets appear in no error message, stack, inspect or JSON output, log line or lifecycle event', () => {
    expect(report.scanned.errors).toBeGreaterThan(60);
    expect(report.scanned.events).toBeGreaterThan(0);
    expect(report.canaryHits).toEqual([]);
    expect(report.scanned.logLines).toBe(0); // the SDK writes nothing to the console on its own
  });
});
