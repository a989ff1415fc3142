import { abortError } from './callOptions.js';
import type { Clock } from './clock.js';

/**
 * Wait `ms` on `clock` for a caller who awaits it (a poll interval, say): the timer holds the process
 * open, as the caller expects of anything it awaits. `signal` ends the wait at once with a
 * `TransportError`.
 */
export function sleep(clock: Clock, ms: number, provider: string, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(provider, signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(abortError(provider, signal!));
    };
    const timer = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      ms,
      { awaited: true },
    );
    // equivalent mutant: without `once`, the listener is still removed when the wait ends, and a signal aborts once
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
