import { fileURLToPath } from 'node:url';
import { AuthenticationError, ProtocolError, ServiceError } from '@x/core';
import { readFixtures, recordingServer, replayFixture } from '@x/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ClickatellMfaClient, type ClickatellMfaOptions } from '../src/index.js';

/**
 * Our client against Clickatell's published answers, replayed byte for byte from a loopback server that
 * knows nothing of our emulator (sources: ../README.md).
 */
// the GET/PUT pages' body (their sample lacks commas; this is the same body as valid JSON)
const SOLVED = '{"data":{"challengeStatus":"020","challengeSolved":true,"description":"Challenge solved"}}';
// a global REST error, as captured in a public client's tests
const AUTH_FAILED =
  '{"error":{"code":"001","description":"Authentication failed","documentation":"http://www.clickatell.com/help/apidocs/error/001.htm"}}';
// a per-message error inside an envelope, captured with HTTP 400
const INVALID_DESTINATION =
  '{"data":{"message":[{"accepted":false,"to":"333","apiMessageId":"","error":{"code":"105","description":"Invalid Destination Address","documentation":"http://www.clickatell.com/help/apidocs/error/105.htm"}}]}}';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function replay(status: number, body: string) {
  const server = await recordingServer(() => ({
    status,
    headers: body ? { 'content-type': 'application/json' } : ({} as Record<string, string>),
    body,
  }));
  closers.push(server.close);
  const client = new ClickatellMfaClient({ token: 'replay-token', baseUrl: server.url });
  return { client, requests: server.requests };
}

describe('ClickatellMfaClient against Clickatell’s published answers', () => {
  it('reads the documented "Challenge solved" body; polls with GET /rest/auth/{id} and the documented headers', async () => {
    const { client, requests } = await replay(200, SOLVED);
    expect(await client.getStatus('abc123')).toMatchObject({
      challengeStatus: '020',
      challengeSolved: true,
      description: 'Challenge solved',
      state: 'solved',
    });
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/rest/auth/abc123', body: '' });
    expect(requests[0]!.headers).toMatchObject({
      authorization: 'Bearer replay-token',
      'x-version': '1',
      accept: 'application/json',
    });
  });

  it("requestPin sends POST /rest/auth with the caller's own PIN, and resolves the accepted apiRequestId", async () => {
    const { client, requests } = await replay(202, '{"data":{"apiRequestId":"abc123"}}');
    expect(await client.requestPin({ to: '2799900001', customPin: 'Z9Z9' })).toEqual({
      apiRequestId: 'abc123',
    });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/rest/auth' });
    expect(JSON.parse(requests[0]!.body)).toEqual({ authType: 'pin', to: '2799900001', customPin: 'Z9Z9' });
  });

  it('verifyPin sends PUT {"pinCode"} and reads the same body', async () => {
    const { client, requests } = await replay(200, SOLVED);
    expect((await client.verifyPin('abc123', '9999')).state).toBe('solved');
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      url: '/rest/auth/abc123',
      body: '{"pinCode":"9999"}',
    });
  });

  it('the captured global error is an AuthenticationError with code "001"; an empty 401 too', async () => {
    const { client } = await replay(401, AUTH_FAILED);
    await expect(client.getStatus('abc123')).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: '001',
      status: 401,
    });
    const empty = await replay(401, '');
    await expect(empty.client.getStatus('abc123')).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('the captured per-message error (HTTP 400) is a typed error, never a crash; the POST is sent once', async () => {
    const { client, requests } = await replay(400, INVALID_DESTINATION);
    const error = await client.requestPin({ to: '2799900001' }).catch((e: unknown) => e);
    expect(error instanceof ServiceError || error instanceof ProtocolError).toBe(true);
    expect(requests).toHaveLength(1);
  });
});

// what `pnpm test:live --record` wrote (see live/README.md): real answers, secrets replaced by placeholders;
// REPLAY_FIXTURES plays another folder's (a contributed recording, before it is added here)
const FIXTURES = process.env.REPLAY_FIXTURES ?? fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('recorded fixtures: the same requests, the same outcomes', () => {
  for (const { name, fixture } of readFixtures(FIXTURES, 'clickatell-mfa'))
    it(`${name} (${fixture.source})`, () =>
      replayFixture(
        fixture,
        (options, url) =>
          new ClickatellMfaClient({ ...(options as unknown as ClickatellMfaOptions), baseUrl: url }),
      ));
});
