import { resolve } from 'node:path';
import { runLive } from './runLive.ts';

const USAGE = `pnpm test:live [--record[=<dir>]]

Checks the SDKs against the real services whose credentials are in the environment (see live/README.md).
--record  write every exchange as a replay fixture (secrets replaced by placeholders) to <dir>
          (default live/recordings), and print what differs from the emulator's answers to the same calls`;

/** `node live/src/main.ts [--record[=dir]]`: exit 0 unless a configured service failed or is misconfigured. */
async function main(argv: string[]): Promise<number> {
  const unknown = argv.find((arg) => arg !== '--record' && !arg.startsWith('--record=') && arg !== '--');
  if (unknown !== undefined) {
    console.error(
      unknown === '--help' || unknown === '-h' ? USAGE : `unknown argument ${unknown}\n\n${USAGE}`,
    );
    return unknown === '--help' || unknown === '-h' ? 0 : 2;
  }
  const record = argv.find((arg) => arg.startsWith('--record'));
  const recordTo = record
    ? resolve(
        record.includes('=')
          ? record.slice('--record='.length)
          : new URL('../recordings', import.meta.url).pathname,
      )
    : undefined;
  const { ok } = await runLive({ ...(recordTo ? { recordTo } : {}) });
  return ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
