// The emulator in a child process with `TENANTS` extra Clickatell accounts (tenant0…), printing its URL.
import { startEmulator } from '@x/emulator';
import { tenant } from './tenants.ts';

const count = Number(process.env.TENANTS ?? 0);
const emulator = await startEmulator({
  port: 0,
  accounts: { clickatellSoap: Array.from({ length: count }, (_, i) => ({ ...tenant(i), credit: 100 })) },
});
console.log(`listening on ${emulator.url}`);
process.on('SIGTERM', () => emulator.close().then(() => process.exit(0)));
