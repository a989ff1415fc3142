import type { FixtureOutcome } from '@x/core/testing';
import type { Emulator, ServiceName } from '@x/emulator';
import type { OptIns } from './liveEnv.ts';
import type { SecretKind } from './record/placeholders.ts';

/** A value the run must never write down, and what it is (its placeholder follows the kind). */
export type SecretValue = [value: string, kind: SecretKind];

/** One SDK call of a check: `clients[client][call](...args)`, and what it must come to. */
export interface LiveStep {
  /** What it checks, in words. */
  title: string;
  client: string;
  call: string;
  /** Its arguments; `earlier(title)` is the value an earlier step resolved. */
  args?: (earlier: (title: string) => unknown) => unknown[];
  /** Why the outcome is wrong, or `undefined` when it is right. `requests` is how many went out. */
  expect: (outcome: FixtureOutcome, requests: number) => string | undefined;
  /** Secrets inside the resolved value (a session ID, a token, a user's name). */
  secrets?: (value: unknown) => SecretValue[];
  /** Printed before the call: what it sends and to whom (for the opt-ins that cost something). */
  notice?: string;
  /**
   * When this step fails, none of the service's later steps is sent: after a refused log-in, every later
   * call would be one more failed log-in on the account (and enough of them lock it).
   */
  mustPass?: boolean;
}

/** A step the run does not take, and why (an opt-in not set, an expiry too long to wait for). */
export interface SkippedStep {
  title: string;
  skipped: string;
}

/** How the live suite checks one service with its settings `S`. */
export interface ServiceCheck<S> {
  service: ServiceName;
  /** Constructor options of each client by name, without the URL (secrets included: never print them). */
  clients(settings: S): Record<string, Record<string, unknown>>;
  /** The client for `options`, talking to `url` (the recording proxy's origin, or a replay server's). */
  create(options: Record<string, unknown>, url: string): object;
  /** Where the proxy forwards: the service's origin, with the path prefix the client does not add. */
  upstream(settings: S): string;
  /** The steps, in order; those the opt-ins do not allow come back skipped. */
  steps(settings: S, optIns: OptIns): (LiveStep | SkippedStep)[];
  /** The secrets in the settings and opt-ins, in a fixed order (placeholders are numbered by it). */
  secrets(settings: S, optIns: OptIns): SecretValue[];
  /** The emulator's seeded account for the same steps (for the comparison `--record` prints). */
  onEmulator(emulator: Emulator, settings: S, optIns: OptIns): { settings: S; optIns: OptIns };
}

/** Passes when the call resolved (and `check` of its value, if given, says nothing). */
export const resolves =
  (check?: (value: any) => string | undefined) =>
  (outcome: FixtureOutcome): string | undefined =>
    'error' in outcome
      ? `rejected with ${outcome.error.name}${outcome.error.code !== undefined ? ` ${outcome.error.code}` : ''}`
      : check?.(outcome.value);

/** Passes when the call rejected with one of `names` (and `code`, if given). */
export const rejects =
  (names: string[], code?: string | number) =>
  (outcome: FixtureOutcome): string | undefined => {
    if (!('error' in outcome)) return 'resolved, where the service should have refused';
    const { name, code: got } = outcome.error;
    if (!names.includes(name)) return `rejected with ${name}, not ${names.join(' or ')}`;
    if (code !== undefined && got !== code) return `code ${String(got)}, not ${code}`;
    return undefined;
  };

/** Passes when the cached value served the call: no request went out. */
export const noRequest = (outcome: FixtureOutcome, requests: number): string | undefined =>
  resolves()(outcome) ??
  (requests === 0 ? undefined : `sent ${requests} request(s); the cached one should serve`);

/** Why a check does not run a step that waits for an expiry the service gives no way to force. */
export const tooLongToWait = (what: string): SkippedStep => ({
  title: 'expiry',
  skipped: `${what}: too long to wait for, and the service cannot be told to expire it`,
});
