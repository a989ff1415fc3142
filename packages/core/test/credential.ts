import {
  type IssuedToken,
  idle,
  type LifecycleEvent,
  lifetime,
  ServiceError,
  TokenManager,
  type TokenManagerOptions,
} from '../src/index.js';
import type { ManualClock } from '../src/testing/index.js';

export const MIN = 60_000;
/** Lets promise callbacks and queued notifications run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Managers of one credential: `issue` counts, fails while `failing` is set, and answers `tok-<n>` unless
 * `answer` says otherwise.
 */
export function credential(defaults: Partial<TokenManagerOptions> = {}) {
  const state = { issued: 0, failing: false, answer: undefined as ((n: number) => IssuedToken) | undefined };
  const key = `rules:${Math.random()}`;
  const make = (options: Partial<TokenManagerOptions> = {}) =>
    new TokenManager({
      provider: 'test',
      key,
      policy: lifetime(60 * MIN),
      issue: async () => {
        const n = ++state.issued;
        if (state.failing) throw new ServiceError('auth server down', { provider: 'test', retryable: true });
        return state.answer ? state.answer(n) : `tok-${n}`;
      },
      ...defaults,
      ...options,
    });
  return { state, make };
}

/** The events `manager` emits from now on, as `[type, reason]` pairs or in full. */
export function eventsOf(manager: TokenManager): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  manager.on((event) => events.push(event));
  return events;
}

/** A manager on a manual clock whose `issue` counts, and whose token is `tok-<n>`. */
export function managerWith(
  options: Partial<ConstructorParameters<typeof TokenManager>[0]> & { clock: ManualClock },
) {
  const counts = { issued: 0, pings: 0 };
  const manager = new TokenManager({
    provider: 'test',
    key: `scale:${Math.random()}`,
    policy: idle(15 * MIN),
    // not `tok-<n>`, which other tests hold (and so scrub) while these run
    issue: async () => `scale-${Math.random().toString(36).slice(2)}-${++counts.issued}`,
    ...options,
  });
  return { manager, counts };
}

/** A promise and the function that settles it. */
export function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
