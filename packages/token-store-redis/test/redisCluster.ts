import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type RedisServer, startRedis } from './redisServer.js';

const run = promisify(execFile);

export interface RedisCluster {
  /** One per master, in creation order. */
  readonly nodes: RedisServer[];
  /** `redis-cli -p <port> <args>` against one node; its stdout, trimmed. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The port of the master serving `key`'s hash slot, as the cluster itself says. */
  masterOf(key: string): Promise<number>;
  /** Resolves once every listed node reports `cluster_state:<state>`. */
  waitForState(state: 'ok' | 'fail', ports: readonly number[], timeoutMs?: number): Promise<void>;
  /** SIGKILL every node and remove their config files. */
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster of `masters` masters and no replicas on free loopback ports, no persistence:
 * `redis-server --cluster-enabled yes` per node, then `redis-cli --cluster create`. `nodeTimeoutMs` is
 * how long the others wait before they mark a silent master as failed.
 */
export async function startCluster(
  options: { masters?: number; nodeTimeoutMs?: number } = {},
): Promise<RedisCluster> {
  const { masters = 3, nodeTimeoutMs = 500 } = options;
  const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
  const argsFor = (port: number) => [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    `nodes-${port}.conf`,
    '--cluster-node-timeout',
    String(nodeTimeoutMs),
    '--dir',
    dir,
  ];
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  const cli = async (port: number, ...args: string[]) =>
    (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout.trim();
  const waitForState: RedisCluster['waitForState'] = async (state, ports, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(ports.map((port) => cli(port, 'cluster', 'info')));
      if (states.every((info) => info.includes(`cluster_state:${state}`))) return;
      if (Date.now() > deadline) throw new Error(`cluster not ${state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    const ports = await Promise.all(Array.from({ length: masters }, () => freePort()));
    nodes.push(...(await Promise.all(ports.map((port) => startRedis(argsFor(port), port)))));
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitForState('ok', ports);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    cli,
    waitForState,
    async masterOf(key) {
      const port = nodes[0]!.port;
      const slot = Number(await cli(port, 'cluster', 'keyslot', key));
      // CLUSTER NODES: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot ranges…>`
      for (const line of (await cli(port, 'cluster', 'nodes')).split('\n')) {
        const [, address, flags, , , , , , ...ranges] = line.split(' ');
        if (!flags?.split(',').includes('master')) continue;
        const owns = ranges.some((range) => {
          const [from, to = from] = range.split('-').map(Number);
          return slot >= from! && slot <= to!;
        });
        if (owns) return Number(address!.split('@')[0]!.split(':')[1]);
      }
      throw new Error(`no master for slot ${slot}`);
    },
    stop,
  };
}
