#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';

const USAGE = `Usage: x-emulator [--port <port>] [--host <host>]

Starts the Clickatell SOAP, Clickatell 2FA, SBT and Recite CMS emulator and prints every URL and the
seeded credentials. Stop it with Ctrl+C.

Options:
  -p, --port <port>  port to listen on (default: $PORT or 4010; 0 picks a free one)
      --host <host>  address to listen on (default: 127.0.0.1)
  -h, --help         print this help

Control API: GET /__emulator (URLs, accounts), POST /__emulator/reset (back to the seeds), and more:
see the README of @x/emulator.`;

let values: { port: string; host: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p', default: process.env.PORT ?? '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`x-emulator: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65_535) {
  console.error(`x-emulator: --port must be a number from 0 to 65535, not "${values.port}"\n\n${USAGE}`);
  process.exit(2);
}

const emulator = await startEmulator({ port, host: values.host }).catch((error: Error) => {
  console.error(`x-emulator: cannot listen on ${values.host}:${port}: ${error.message}`);
  process.exit(1);
});
const { urls, accounts } = emulator;
const lines = [
  `x-emulator listening on ${urls.base}  (Ctrl+C to stop)`,
  '',
  `Clickatell SOAP   ${urls.clickatellSoap}   (WSDL: ?wsdl)`,
  `  api_id=${accounts.clickatellSoap.demo.apiId} user=${accounts.clickatellSoap.demo.user} password=${accounts.clickatellSoap.demo.password}`,
  `Clickatell 2FA    ${urls.clickatellMfa}/rest/auth   Bearer ${accounts.clickatellMfa.token}; phone ${accounts.clickatellMfa.phone}`,
  `SBT SOAP          ${urls.sbtSoap}`,
  `SBT REST          ${urls.sbtRest}?APIKey=…`,
  ...Object.entries(accounts.sbt.keys).map(([setting, key]) => `  ${setting.padEnd(14)} APIKey=${key}`),
  `Recite CMS auth   ${urls.cmsAuth}   (site: ${urls.cmsSite})`,
  ...accounts.cms.users.map((u) => `  ${u.username} / ${u.password} (directory ${u.directoryId})`),
  `Control API       ${urls.control}  (GET for URLs and accounts; POST /clock/advance {"ms":…}; POST /reset)`,
];
console.log(lines.join('\n'));
const stop = () => emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
