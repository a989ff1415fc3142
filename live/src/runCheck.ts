import { type FixtureOutcome, fixtureOutcome, type ProxiedExchange, recordingProxy } from '@x/core/testing';
import type { OptIns } from './liveEnv.ts';
import type { LiveStep, SecretValue, ServiceCheck, SkippedStep } from './serviceCheck.ts';

/** One step as it ran: its arguments, outcome and exchanges, secrets and all (never print these raw). */
export interface StepRun {
  step: LiveStep;
  args: unknown[];
  outcome: FixtureOutcome;
  exchanges: ProxiedExchange[];
  /** Why it failed, or `undefined` when it passed. */
  failure: string | undefined;
}

/** A run of one service's steps, in order. */
export interface CheckRun {
  runs: (StepRun | SkippedStep)[];
  /** Secrets the SDK calls handed back (session IDs, tokens, names), in the order they appeared. */
  found: SecretValue[];
}

/** Per call against a real service: long enough for a slow one, short enough that nobody waits long. */
export const LIVE_TIMEOUT_MS = 20_000;

/**
 * Run `check`'s steps against the service behind `settings`, each client talking to it through a
 * loopback recording proxy. `notice` hears, before the call is made, what a costly step will send.
 */
export async function runCheck<S>(
  check: ServiceCheck<S>,
  settings: S,
  optIns: OptIns,
  notice: (line: string) => void,
): Promise<CheckRun> {
  const proxy = await recordingProxy(check.upstream(settings));
  const options = check.clients(settings);
  const clients = new Map<string, Record<string, (...args: unknown[]) => Promise<unknown>>>();
  const values = new Map<string, unknown>();
  const runs: CheckRun['runs'] = [];
  const found: SecretValue[] = [];
  try {
    let stopped: string | undefined;
    for (const step of check.steps(settings, optIns)) {
      if (stopped || 'skipped' in step) {
        runs.push({ title: step.title, skipped: stopped ?? (step as SkippedStep).skipped });
        continue;
      }
      if (!clients.has(step.client))
        clients.set(
          step.client,
          check.create({ ...options[step.client], timeoutMs: LIVE_TIMEOUT_MS }, proxy.url) as never,
        );
      const client = clients.get(step.client)!;
      const args = step.args?.((title) => values.get(title)) ?? [];
      if (step.notice) notice(`${check.service}: ${step.title}: ${step.notice}`);
      const before = proxy.exchanges.length;
      const outcome = await fixtureOutcome(Promise.resolve().then(() => client[step.call]!(...args)));
      const exchanges = proxy.exchanges.slice(before);
      if ('value' in outcome) {
        values.set(step.title, outcome.value);
        found.push(...(step.secrets?.(outcome.value) ?? []));
      }
      const failure = step.expect(outcome, exchanges.length);
      runs.push({ step, args, outcome, exchanges, failure });
      if (failure && step.mustPass)
        stopped = `not sent: "${step.title}" failed, and nothing more is tried on this account`;
    }
  } finally {
    for (const client of clients.values()) (client as { close?: () => void }).close?.();
    await proxy.close();
  }
  return { runs, found };
}
