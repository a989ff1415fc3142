import { FIXTURE_FORMAT, type FixtureExchange, type ReplayFixture } from '@x/core/testing';
import type { CheckRun, StepRun } from '../runCheck.ts';
import type { SecretValue } from '../serviceCheck.ts';
import { discoverSecrets } from './discoverSecrets.ts';
import { Placeholders } from './placeholders.ts';

/** Response headers that say nothing about the service's contract and change on every call. */
const VOLATILE =
  /^(date|age|expires|last-modified|etag|x-request-id|x-amzn-.*|cf-ray|x-cache.*|report-to|nel)$/i;

/**
 * The fixture of one service's run, with every secret replaced by its stable placeholder: first those
 * of the settings (`known`, in their fixed order), then those the calls handed back, then any other an
 * exchange carries (a re-auth's session, cookies, `Authorization`). Also returns the values replaced,
 * for a canary check.
 */
export function toFixture(
  service: string,
  source: string,
  clients: Record<string, Record<string, unknown>>,
  run: CheckRun,
  known: SecretValue[],
): { fixture: ReplayFixture; replaced: string[] } {
  const placeholders = new Placeholders();
  const ran = run.runs.filter((r): r is StepRun => 'outcome' in r);
  for (const [value, kind] of [
    ...known,
    ...run.found,
    ...ran.flatMap((r) => r.exchanges.flatMap(discoverSecrets)),
  ])
    placeholders.add(value, kind);
  const exchange = ({ request, answer, failure }: StepRun['exchanges'][number]): FixtureExchange => ({
    request: {
      method: request.method,
      url: placeholders.apply(request.url),
      headers: placeholders.applyDeep(request.headers as Record<string, string>),
      body: placeholders.apply(request.body),
    },
    answer: answer
      ? {
          status: answer.status,
          headers: placeholders.applyDeep(
            Object.fromEntries(Object.entries(answer.headers ?? {}).filter(([name]) => !VOLATILE.test(name))),
          ),
          body: placeholders.apply(answer.body),
        }
      : // no answer came: replayed as an empty 599 so that the client meets a server error, not a hang
        { status: 599, headers: { 'x-live-failure': failure ?? 'no answer' }, body: '' },
  });
  const fixture: ReplayFixture = {
    format: FIXTURE_FORMAT,
    service,
    source,
    clients: placeholders.applyDeep(clients),
    steps: ran.map((r) => ({
      title: r.step.title,
      client: r.step.client,
      call: r.step.call,
      args: placeholders.applyDeep(r.args),
      outcome: placeholders.applyDeep(r.outcome),
      exchanges: r.exchanges.map(exchange),
    })),
  };
  return { fixture, replaced: placeholders.values() };
}
