import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./tenantEmulator.ts', import.meta.url));

/**
 * The emulator in its own process (so that its work does not count against the client being measured),
 * with `tenants` extra Clickatell accounts (see `tenant()`).
 */
export async function emulatorProcess(tenants = 0) {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TENANTS: String(tenants) },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`emulator exited: ${out}`)));
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/__emulator${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res.json();
  };
  return {
    url,
    advance: (ms: number) => control('POST', '/clock/advance', { ms }),
    now: async (): Promise<number> => (await control('GET', '/clock')).now,
    expire: (service: string) => control('POST', `/expire/${service}`),
    inject: (service: string, fault: unknown) => control('POST', '/faults', { service, fault }),
    auth: async (service: string): Promise<number> => (await control('GET', '/counters'))[service].auth,
    counters: async (
      service: string,
    ): Promise<{
      auth: number;
      pings: number;
      requests: number;
      byAccount: Record<string, { auth: number; pings: number }>;
    }> => (await control('GET', '/counters'))[service],
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type EmulatorProcess = Awaited<ReturnType<typeof emulatorProcess>>;
