import type { Clock } from '../clock.js';
import { publishTokenEvent, tokenEventsWatched } from '../diagnostics.js';
import { ProviderError } from '../errors.js';
import {
  fingerprint,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleListener,
} from './lifecycleEvents.js';

/**
 * One manager's lifecycle events, to its listeners and to the `x-auth:token` channel. Nothing is built
 * while nobody listens, and a listener's bug never breaks token handling. Provider packages that follow
 * tokens of their own (`@x/cms-auth`'s sessions) use it too; an event's `key` given in `extra` wins over
 * the emitter's.
 */
export class LifecycleEmitter {
  readonly #provider: string;
  readonly #key: string;
  readonly #clock: Clock;
  readonly #listeners = new Set<LifecycleListener>();

  constructor(provider: string, key: string, clock: Clock) {
    this.#provider = provider;
    this.#key = key;
    this.#clock = clock;
  }

  /** Listen; returns a function that stops listening. */
  on(listener: LifecycleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tell of `type` for `token` (as a fingerprint, never the value), at the clock's now. */
  emit(type: LifecycleEventType, token: string | undefined, extra: Partial<LifecycleEvent> = {}): void {
    const watched = tokenEventsWatched();
    if (this.#listeners.size === 0 && !watched) return;
    const event: LifecycleEvent = {
      type,
      provider: this.#provider,
      key: this.#key,
      at: this.#clock.now(),
      ...(token === undefined ? {} : { token: fingerprint(token) }),
      ...extra,
    };
    // equivalent mutant (always publish): a channel without subscribers and a debuglog that is off do nothing
    if (watched) publishTokenEvent(event);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // a listener's bug must not break token handling
      }
    }
  }

  /** `failed` for `token`: `what` went wrong (`store delete`), with the error's name and code as the reason. */
  failed(token: string | undefined, error: unknown, what?: string): void {
    const reason = what ? `${what}: ${describeError(error)}` : describeError(error);
    this.emit('failed', token, { error: error as Error, reason });
  }
}

/** An error's name and code, for a `failed` event's reason (never its message). */
function describeError(error: unknown): string {
  if (error instanceof ProviderError)
    return error.code === undefined ? error.name : `${error.name} ${error.code}`;
  return error instanceof Error ? error.name : 'Error';
}
