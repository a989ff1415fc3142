// Token lifecycle at scale (issue 14): keep-alive for 10,000 sessions, memory after 100,000
// credentials. Each figure is ours beside a baseline from the same run.
import { execFile } from 'node:child_process';
import { Agent } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLICKATELL_WSDL, ClickatellSoapClient } from '@x/clickatell-soap';
import { createClientAsync } from 'soap';
import type { EmulatorProcess } from './emulatorProcess.ts';
import { tenant } from './tenants.ts';

/** An agent that counts the sockets open at once (the most seen). */
function countingAgent() {
  const agent = new Agent({ keepAlive: true });
  const stats = { open: 0, most: 0 };
  const create = agent.createConnection.bind(agent);
  agent.createConnection = ((...args: Parameters<typeof create>) => {
    const socket = create(...args);
    stats.open++;
    stats.most = Math.max(stats.most, stats.open);
    socket?.once('close', () => stats.open--);
    return socket;
  }) as typeof agent.createConnection;
  return { agent, stats };
}

/** Run `fn` over `items`, `limit` at a time. */
async function pooled<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run a bench script in a fresh Node process and read the JSON it prints. */
async function inChild<T>(script: string, args: string[], nodeOptions: string[] = []): Promise<T> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeOptions, file, ...args], {
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

/**
 * Figure 6 in a process of its own (`keepAliveChild.ts`), so that no earlier figure's heap or compiled
 * code weighs on it: {@link keepAliveFigure} with its own emulator process.
 */
export function keepAliveAtScale(sessions: number, intervalMs: number) {
  return inChild<Awaited<ReturnType<typeof keepAliveFigure>>>('./keepAliveChild.ts', [
    String(sessions),
    String(intervalMs),
  ]);
}

/**
 * `sessions` Clickatell sessions kept alive for two intervals, a tenth of them in use: ours (one scheduler,
 * idle-only, jittered, capped) beside the hand-written way (a timer per session, each pinging on time).
 */
export async function keepAliveFigure(emulator: EmulatorProcess, sessions: number, intervalMs: number) {
  const endpoint = `${emulator.url}/soap/document_literal/webservice`;
  const tenants = Array.from({ length: sessions }, (_, i) => i);
  /** Every tenth session is in use (spread over the set-up, as real traffic would be). */
  const inUse = (i: number) => i % 10 === 0;
  const inUseCount = tenants.filter(inUse).length;

  /** Pings the emulator saw between two counter snapshots: in all, to the sessions in use, and the most to one idle session. */
  const pingsBetween = (
    before: Awaited<ReturnType<typeof emulator.counters>>,
    after: Awaited<ReturnType<typeof emulator.counters>>,
  ) => {
    const of = (counters: typeof before, i: number) => counters.byAccount[tenant(i).user]?.pings ?? 0;
    const each = tenants.map((i) => of(after, i) - of(before, i));
    return {
      pings: after.pings - before.pings,
      pingsToSessionsInUse: each.filter((_, i) => inUse(i)).reduce((a, b) => a + b, 0),
      mostPingsToOneIdleSession: Math.max(...each.filter((_, i) => !inUse(i))),
    };
  };

  const measure = async (run: (agent: Agent) => Promise<() => Promise<void>>) => {
    const { agent, stats } = countingAgent();
    const stop = await run(agent);
    const before = await emulator.counters('clickatell-soap');
    stats.most = stats.open;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpu = process.cpuUsage();
    await sleep(2 * intervalMs);
    const used = process.cpuUsage(cpu);
    delay.disable();
    const after = await emulator.counters('clickatell-soap');
    await stop();
    agent.destroy();
    return {
      maxEventLoopDelayMs: Math.round(delay.max / 1e6),
      ...pingsBetween(before, after),
      mostSocketsOpen: stats.most,
      cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100,
    };
  };

  /** Sessions in use stay in use from their first call on: one call every half interval each. */
  let using = true;
  const users: Promise<void>[] = [];
  const keepUsing = (call: () => Promise<unknown>) => {
    users.push(
      (async () => {
        while (using) {
          await sleep(intervalMs / 2);
          if (using) await call();
        }
      })(),
    );
  };
  const stopUsing = async () => {
    using = false;
    await Promise.all(users.splice(0));
    using = true;
  };

  const ours = await measure(async (agent) => {
    const clients = tenants.map(
      (i) =>
        new ClickatellSoapClient({
          ...tenant(i),
          endpoint,
          agent,
          keepAlive: { intervalMs },
          timeoutMs: 60_000,
        }),
    );
    await pooled(tenants, 64, async (i) => {
      await clients[i]!.sessionId();
      if (inUse(i)) keepUsing(() => clients[i]!.getBalance());
    });
    return async () => {
      await stopUsing();
      for (const c of clients) c.close();
    };
  });

  const byHand = await measure(async (agent) => {
    const soap = await createClientAsync(CLICKATELL_WSDL, { endpoint });
    const options = { timeout: 60_000, maxRedirects: 0, proxy: false, httpAgent: agent };
    const ids: string[] = [];
    await pooled(tenants, 64, async (i) => {
      const { apiId, user, password } = tenant(i);
      const [result] = await soap.authAsync({ api_id: apiId, user, password }, options);
      const session_id = String(result.return).slice(4);
      ids[i] = session_id;
      if (inUse(i)) keepUsing(() => soap.getbalanceAsync({ session_id }, options));
    });
    // what a user writes by hand: a timer per session, pinging every interval whether used or not
    const timers = ids.map((session_id) =>
      setInterval(() => soap.pingAsync({ session_id }, options).catch(() => undefined), intervalMs),
    );
    return async () => {
      for (const timer of timers) clearInterval(timer);
      await stopUsing();
    };
  });

  return {
    sessions,
    inUse: inUseCount,
    idle: sessions - inUseCount,
    intervalMs,
    heldMs: 2 * intervalMs,
    ours,
    byHand,
  };
}

/** Building one `ServiceError` with no secret registered and with 4,096: ns per error, alternating rounds. */
/** Heap growth after creating and dropping `credentials` credentials whose tokens then expired (a child process). */
export function memoryAfterCredentials(credentials: number) {
  return inChild<{
    credentials: number;
    startMiB: number;
    peakMiB: number;
    endMiB: number;
    deltaMiB: number;
  }>('./memoryChild.ts', [String(credentials)], ['--expose-gc']);
}
