#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '4010' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const emulator = await startEmulator({ port: Number(values.port), host: values.host });
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
  `Control API       ${urls.control}  (GET for URLs and accounts; POST /clock/advance {"ms":…})`,
];
console.log(lines.join('\n'));
const stop = () => emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
