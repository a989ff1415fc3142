import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SEEDED, startEmulator } from '../src/index.js';
import { clickatellEnvelope, post, returned, useEmulator } from './helpers.js';

const MiB = 1024 * 1024;
const demo = SEEDED.clickatellSoap.demo;
const authWith = (user: string) =>
  clickatellEnvelope('auth', { api_id: demo.apiId, user, password: demo.password });

/** A POST over node:http (what node-soap's axios uses): the status and body, or the socket error. */
function rawPost(
  url: string,
  headers: Record<string, string | number>,
  send: (req: ReturnType<typeof request>) => void,
): Promise<{ status: number; text: string; sentBody: boolean }> {
  return new Promise((resolve, reject) => {
    let sentBody = false;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/xml', ...headers } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), sentBody }),
      );
    });
    req.on('error', reject);
    req.on('continue', () => {
      sentBody = true;
      send(req);
    });
    if (!headers.expect) {
      sentBody = true;
      send(req);
    }
  });
}

describe('emulator: request size', () => {
  const ctx = useEmulator();

  it("answers a 2 MiB body 413, as nginx's default limit does; the answer arrives, no reset", async () => {
    const { status, text, headers } = await post(
      ctx.emulator.urls.clickatellSoap,
      authWith('u'.repeat(2 * MiB)),
    );
    expect(status).toBe(413);
    expect(headers.get('connection')).toBe('close');
    expect(text).toContain('<title>413 Request Entity Too Large</title>');
    // nothing of the refused request was processed
    expect(ctx.emulator.counters('clickatell-soap')).toMatchObject({ requests: 0, auth: 0 });
  });

  it('answers 413 to a 2 MiB body sent in chunks, with no Content-Length to judge it by', async () => {
    const chunk = 'u'.repeat(64 * 1024);
    const answer = await rawPost(ctx.emulator.urls.clickatellSoap, {}, (req) => {
      for (let i = 0; i < 32; i++) req.write(chunk);
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('413 Request Entity Too Large');
  });

  it('answers 413 before the body to a client that waits for 100 Continue', async () => {
    const answer = await rawPost(
      ctx.emulator.urls.clickatellSoap,
      { expect: '100-continue', 'content-length': 2 * MiB },
      (req) => req.end('u'.repeat(2 * MiB)),
    );
    expect(answer).toMatchObject({ status: 413, sentBody: false });
  });

  it('reads a body right at the limit; maxRequestBytes moves it', async () => {
    await using emulator = await startEmulator({ maxRequestBytes: 2000 });
    const padded = (bytes: number) => {
      const body = authWith(demo.user);
      return body.replace('<SOAP-ENV:Body>', `<SOAP-ENV:Body>${' '.repeat(bytes - body.length)}`);
    };
    expect(returned((await post(emulator.urls.clickatellSoap, padded(2000))).text)).toMatch(/^OK: /);
    expect((await post(emulator.urls.clickatellSoap, padded(2001))).status).toBe(413);
  });

  it("answers SBT's WCF endpoints 413 with no body past WCF's 64 KiB maxReceivedMessageSize", async () => {
    const soap = (padding: number) =>
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${' '.repeat(padding)}<AuthenticateAPIKey xmlns="http://SBTService/ServiceContracts/"><loginRequest><APIKey xmlns="http://SBTAPIService/DataContract/">${SEEDED.sbt.keys.never}</APIKey></loginRequest></AuthenticateAPIKey></s:Body></s:Envelope>`;
    const action = { SOAPAction: '"http://SBTService/ServiceContracts/ILoginAPI/AuthenticateAPIKey"' };
    const fits = soap(64 * 1024 - soap(0).length);
    expect((await post(ctx.emulator.urls.sbtSoap, fits, action)).text).toContain('<a:ErrorCode>1400<');
    const over = await post(ctx.emulator.urls.sbtSoap, `${fits} `, action);
    expect([over.status, over.text]).toEqual([413, '']);
    const rest = await fetch(ctx.emulator.urls.sbtSendMessage, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x'.repeat(64 * 1024) }),
    });
    expect(rest.status).toBe(413);
  });
});
