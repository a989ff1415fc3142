import type { ProxiedExchange } from '@x/core/testing';
import type { CheckRun } from './runCheck.ts';

/** How a service came out. "not configured" is never a pass: the service was not checked. */
export type ServiceStatus = 'passed' | 'failed' | 'misconfigured' | 'not configured';

const TITLE_WIDTH = 56;

/** One request as the report shows it: the SOAP operation (or REST path's end) and the HTTP status. No values. */
export function describeCall({ request, answer, failure }: ProxiedExchange): string {
  const action = String(request.headers.soapaction ?? '')
    .replace(/"/g, '')
    .split(/[/#]/)
    .pop();
  const path = new URL(request.url, 'http://x').pathname.split('/').filter(Boolean).pop() ?? '/';
  return `${request.method} ${action || path} → ${answer ? answer.status : (failure ?? 'no answer')}`;
}

/** Print one service's block: its status, then each step with its calls (never a value: they hold secrets). */
export function printService(
  print: (line: string) => void,
  service: string,
  status: ServiceStatus,
  detail?: string,
  run?: CheckRun,
): void {
  print(`${service}: ${status}${detail ? ` (${detail})` : ''}`);
  for (const entry of run?.runs ?? []) {
    if ('skipped' in entry) {
      print(`  skip  ${entry.title}: ${entry.skipped}`);
      continue;
    }
    const calls = entry.exchanges.map(describeCall).join(', ') || 'no request (served from cache)';
    const mark = entry.failure ? 'FAIL' : 'ok  ';
    print(
      `  ${mark}  ${entry.step.title.padEnd(TITLE_WIDTH)} ${calls}${entry.failure ? `: ${entry.failure}` : ''}`,
    );
  }
}
