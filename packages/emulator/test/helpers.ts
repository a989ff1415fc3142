import { ManualClock } from '@x/core/testing';
import { afterEach, beforeEach } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

/** A fresh emulator on port 0 with a manual clock, for each test. */
export function useEmulator(): { emulator: Emulator; clock: ManualClock } {
  const context = {} as { emulator: Emulator; clock: ManualClock };
  beforeEach(async () => {
    context.clock = new ManualClock();
    context.emulator = await startEmulator({ clock: context.clock });
  });
  afterEach(() => context.emulator.close());
  return context;
}

export async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The text of the first `<return>` element. */
export const returned = (xml: string) => /<return>([\s\S]*?)<\/return>/.exec(xml)?.[1];

export const clickatellEnvelope = (command: string, fields: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://api.clickatell.com/soap/document_literal/webservice">
	<SOAP-ENV:Body>
		<ns1:${command}>
${Object.entries(fields)
  .map(([k, v]) => `			<${k}>${v}</${k}>`)
  .join('\n')}
		</ns1:${command}>
	</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
