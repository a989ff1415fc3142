import { CLICKATELL_WSDL, ClickatellSoapClient } from '@x/clickatell-soap';
import { ManualClock } from '@x/core/testing';
import { SEEDED } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import ky from 'ky';
import { createClientAsync } from 'soap';
import type { EmulatorProcess } from './emulatorProcess.ts';

const DAY = 24 * 60 * 60_000;

/** 2. N concurrent callers on an expired token: upstream auth calls, ours vs the hand-written cache. */
export async function stampede(emulator: EmulatorProcess, callers = 10_000) {
  const concurrently = (fn: () => Promise<unknown>) => Promise.all(Array.from({ length: callers }, fn));
  const counted = async (service: string, fn: () => Promise<unknown>) => {
    const before = await emulator.auth(service);
    await fn();
    return (await emulator.auth(service)) - before;
  };

  const clock = new ManualClock(Date.now());
  // ours, SOAP: a Clickatell session that went idle
  const demo = SEEDED.clickatellSoap.demo;
  const clickatell = new ClickatellSoapClient({
    ...demo,
    endpoint: `${emulator.url}/soap/document_literal/webservice`,
    clock,
    timeoutMs: 120_000,
  });
  await clickatell.sessionId();
  await clock.advance(16 * 60_000);
  const oursSoap = await counted('clickatell-soap', () => concurrently(() => clickatell.sessionId()));

  // by hand with node-soap
  const soap = await createClientAsync(CLICKATELL_WSDL, {
    endpoint: `${emulator.url}/soap/document_literal/webservice`,
  });
  let session: string | undefined;
  const handSoap = async () => {
    if (!session) {
      const [result] = await soap.authAsync(
        { api_id: demo.apiId, user: demo.user, password: demo.password },
        { timeout: 120_000 },
      );
      session = String(result.return).slice(4);
    }
    return session;
  };
  const naiveSoap = await counted('clickatell-soap', () => concurrently(handSoap));
  // let the hand-written run's 10,000 idle keep-alive sockets close (Node's agent: 5 s) before the next opens as many
  await new Promise((resolve) => setTimeout(resolve, 6_000));

  // ours, REST (ky): a 1-day token whose day is over
  const sbt = new SbtClient({
    apiKey: SEEDED.sbt.keys['1-day'],
    tokenExpiry: '1-day',
    transport: 'rest',
    baseUrl: emulator.url,
    clock,
    timeoutMs: 120_000,
  });
  await sbt.securityToken();
  await clock.advance(DAY + 1);
  const oursRest = await counted('sbt', () => concurrently(() => sbt.securityToken()));

  // what a user writes by hand with ky: a cached token and an expiry check, no single flight
  let cached: { token: string; expiresAt: number } | undefined = { token: 'old', expiresAt: 0 };
  const handRest = async () => {
    if (!cached || cached.expiresAt <= Date.now()) {
      const body = await ky
        .get(`${emulator.url}/SBT.App.SetUp/RSServices/LoginAPIService.svc/AuthenticateAPIKey`, {
          searchParams: { APIKey: SEEDED.sbt.keys['1-day'] },
          timeout: 120_000,
        })
        .json<{ AuthenticateAPIKeyResult: { SecurityToken: string } }>();
      cached = { token: body.AuthenticateAPIKeyResult.SecurityToken, expiresAt: Date.now() + DAY };
    }
    return cached.token;
  };
  const naiveRest = await counted('sbt', () => concurrently(handRest));

  clickatell.close();
  return { callers, oursRest, naiveRest, oursSoap, naiveSoap };
}
