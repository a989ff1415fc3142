import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readStatus } from '@x/clickatell-mfa';
import { ClickatellSoapClient, parseFields } from '@x/clickatell-soap';
import { ProviderError, parseReplyLine } from '@x/core';
import { HttpTransport } from '@x/core/http';
import { SEEDED, startEmulator } from '@x/emulator';
import { readSbtResult } from '@x/sbt';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Run `fn`: it must return, or throw one of our typed errors; anything else fails the property. */
async function typedOutcome(fn: () => unknown): Promise<'value' | 'typed-error'> {
  try {
    await fn();
    return 'value';
  } catch (error) {
    if (error instanceof ProviderError) return 'typed-error';
    throw error;
  }
}

// lines that look like Clickatell's, and anything else
const replyish = fc.oneof(
  fc.string(),
  fc
    .constantFrom('OK:', 'ERR:', 'ID:', 'Credit:', 'Status:', 'To:', 'apiMsgId:', ' ', ',', '\n')
    .chain((head) =>
      fc
        .tuple(fc.constant(head), fc.string(), fc.constantFrom('', ' To: 27', ' Status: 004', ', x'))
        .map((p) => p.join('')),
    ),
  fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.string()).map(([code, text]) => `ERR: ${code}, ${text}`),
);

describe('parsers: arbitrary input gives a typed result or a typed error, never anything else', () => {
  it('parseReplyLine (OK:/ERR: lines)', async () => {
    await fc.assert(
      fc.asyncProperty(replyish, async (line) => {
        const outcome = await typedOutcome(() => parseReplyLine('p', line));
        if (outcome === 'value') {
          const reply = parseReplyLine('p', line);
          if (reply.ok) expect(typeof reply.value).toBe('string');
          else if (reply.code === undefined) expect(reply.description).toMatch(/^[^\d\s]/);
          else expect(reply.code).toMatch(/^\d{1,4}$/);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('parseFields (multi-line Clickatell results) always yields string fields', () => {
    fc.assert(
      fc.property(replyish, (line) => {
        for (const [key, value] of Object.entries(parseFields(line))) {
          expect(key).toMatch(/^[A-Za-z_]+$/);
          expect(typeof value).toBe('string');
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('readStatus (2FA status bodies)', async () => {
    const body = fc.oneof(
      fc.anything(),
      fc.record({
        data: fc.record(
          {
            challengeStatus: fc.oneof(
              fc.string(),
              fc.constantFrom('001', '010', '020', '030', '050', '051', '052', '053'),
            ),
            challengeSolved: fc.anything(),
            description: fc.anything(),
          },
          { requiredKeys: [] },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (data) => {
        if ((await typedOutcome(() => readStatus(data))) === 'value') {
          const status = readStatus(data);
          expect(['pending', 'solved', 'retry', 'expired', 'failed', 'unknown-request', 'error']).toContain(
            status.state,
          );
          expect(typeof status.challengeSolved).toBe('boolean');
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('readSbtResult (SBT result envelopes)', async () => {
    const envelope = fc.oneof(
      fc.anything(),
      fc.record(
        {
          Result: fc.oneof(fc.boolean(), fc.string()),
          ErrorCode: fc.oneof(fc.integer(), fc.string(), fc.double()),
          Message: fc.anything(),
          SecurityToken: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(envelope, async (raw) => {
        if ((await typedOutcome(() => readSbtResult(raw))) === 'value')
          expect(readSbtResult(raw).result).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('transports and clients over a real socket: arbitrary answers', () => {
  let answer: { status: number; body: string; type: string } = {
    status: 200,
    body: '',
    type: 'application/json',
  };
  let server: ReturnType<typeof createServer>;
  let base = '';
  beforeAll(async () => {
    server = createServer((_req, res) =>
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('HttpTransport: any status and body → a response or a typed error', async () => {
    const http = new HttpTransport({ provider: 'p', baseUrl: base, retryLimit: 0, timeoutMs: 2_000 });
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ error: v, data: v })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 599 }),
        bodies,
        fc.constantFrom('application/json', 'text/html', 'text/plain'),
        async (status, body, type) => {
          answer = { status, body, type };
          await typedOutcome(() => http.request({ method: 'POST', path: 'x', json: {} }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ClickatellSoapClient: any <return> text from the server → a typed result or a typed error', async () => {
    const emulator = await startEmulator();
    const demo = SEEDED.clickatellSoap.demo;
    const client = new ClickatellSoapClient({ ...demo, endpoint: emulator.urls.clickatellSoap });
    await client.sessionId();
    const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(replyish, { minLength: 1, maxLength: 3 }), async (lines) => {
          const returns = lines.map((l) => `<return>${xmlText(l)}</return>`).join('');
          emulator.inject('clickatell-soap', {
            type: 'status',
            status: 200,
            body: `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice"><SOAP-ENV:Body><ns1:getbalanceResponse>${returns}</ns1:getbalanceResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>`,
          });
          const outcome = await typedOutcome(() => client.getBalance());
          emulator.clearFaults();
          if (outcome === 'typed-error') await client.sessionId(); // an ERR: 003/005 answer dropped the session
        }),
        { numRuns: 100 },
      );
    } finally {
      client.close();
      await emulator.close();
    }
  });
});
