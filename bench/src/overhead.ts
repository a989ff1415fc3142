import { CLICKATELL_WSDL, ClickatellSoapClient } from '@x/clickatell-soap';
import { SEEDED } from '@x/emulator';
import { SbtClient } from '@x/sbt';
import ky from 'ky';
import { createClientAsync } from 'soap';
import type { EmulatorProcess } from './emulatorProcess.ts';
import { median, range } from './median.ts';

/** Calls per second of `call`, with `concurrency` callers for `ms`, and this process's CPU per call (µs). */
async function throughput(call: () => Promise<unknown>, concurrency: number, ms: number) {
  let done = 0;
  const until = performance.now() + ms;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { perSec: done / (ms / 1000), cpuUs: (used.user + used.system) / done };
}

/**
 * A and B in adjacent pairs, order alternating (AB, BA, …) so that a machine speeding up or slowing down
 * favours neither; the ratio is the median of the per-pair ratios. CPU per call (this process only: the
 * emulator runs in its own) is the steadier view of our own cost on a noisy machine.
 */
async function compare(
  ours: () => Promise<unknown>,
  hand: () => Promise<unknown>,
  rounds = 8,
  ms = 1_500,
  concurrency = 16,
) {
  await throughput(ours, concurrency, 300);
  await throughput(hand, concurrency, 300);
  const a: { perSec: number; cpuUs: number }[] = [];
  const b: { perSec: number; cpuUs: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      a.push(await throughput(ours, concurrency, ms));
      b.push(await throughput(hand, concurrency, ms));
    } else {
      b.push(await throughput(hand, concurrency, ms));
      a.push(await throughput(ours, concurrency, ms));
    }
  }
  const ratios = a.map((x, i) => x.perSec / b[i]!.perSec);
  return {
    oursPerSec: median(a.map((x) => x.perSec)),
    handPerSec: median(b.map((x) => x.perSec)),
    ratio: median(ratios),
    ratioRange: range(ratios),
    oursCpuUsPerCall: median(a.map((x) => x.cpuUs)),
    handCpuUsPerCall: median(b.map((x) => x.cpuUs)),
  };
}

/** What our transports use on every call; the baselines get the same, so only our own work is measured. */
const TIMEOUT_MS = 10_000;

/** 3. Authenticated calls per second through our clients vs hand-written requests with a hard-coded token. */
export async function overhead(emulator: EmulatorProcess) {
  const { orgCode, keys } = SEEDED.sbt;
  const sbt = new SbtClient({
    apiKey: keys.never,
    tokenExpiry: 'never',
    transport: 'rest',
    baseUrl: emulator.url,
  });
  const token = await sbt.securityToken();
  const send = { orgCode, message: 'bench', to: ['5551234567'] };
  const sendUrl = `${emulator.url}/SBT.App.SetUp/RSServices/MessageRSService.svc/SendMessage`;
  const hand = async () => {
    // our HttpTransport never retries a POST and refuses redirects: so does the baseline
    const body = await ky
      .post(sendUrl, {
        retry: 0,
        redirect: 'error',
        timeout: TIMEOUT_MS,
        json: {
          securityToken: token,
          orgCode,
          message: send.message,
          sendTo: [{ sendTo: send.to[0], CustomFields: null }],
        },
      })
      .json<{ SendMessageResult: { Result: boolean } }>();
    if (!body.SendMessageResult.Result) throw new Error('send failed');
  };
  const rest = await compare(() => sbt.sendMessage(send), hand);
  // the same pairs with the baseline in both places: how far from 1 this run's noise alone moves the ratio
  const control = await compare(hand, hand);

  const demo = SEEDED.clickatellSoap.demo;
  const endpoint = `${emulator.url}/soap/document_literal/webservice`;
  const clickatell = new ClickatellSoapClient({ ...demo, endpoint });
  const session = await clickatell.sessionId();
  const soap = await createClientAsync(CLICKATELL_WSDL, { endpoint });
  const soapResult = await compare(
    () => clickatell.getBalance(),
    async () => {
      // the limits our SoapTransport sends with (timeout, no redirect, no proxy from the environment, sizes)
      const [result] = await soap.getbalanceAsync(
        { session_id: session },
        {
          timeout: TIMEOUT_MS,
          maxRedirects: 0,
          proxy: false,
          maxContentLength: 1024 * 1024,
          maxBodyLength: 64 * 1024 * 1024,
        },
      );
      if (!String(result.return).startsWith('Credit:')) throw new Error('getbalance failed');
    },
  );
  clickatell.close();
  return { rest, control, soap: soapResult };
}
