import type { LifecycleEmitter } from './lifecycleEmitter.js';
import type { TokenStore } from './tokenStore.js';

/**
 * A sliding (`idle`) session's uses, written back to a store that can `extend`, so that other processes
 * keep using the session: at most once per `everyMs`. The use that causes a write waits for it (see
 * {@link after}), so that when the call returns every process sees the session as it left it; a failed
 * write is reported as a `failed` event, never thrown.
 */
export class SlidingWriteBack {
  readonly #store: TokenStore;
  readonly #key: string;
  readonly #everyMs: number;
  readonly #events: LifecycleEmitter;
  /** When the stored copy was last brought up to date. */
  #lastWrite = 0;
  /** The write under way. */
  #writing: Promise<void> | undefined;

  constructor(store: TokenStore, key: string, everyMs: number, events: LifecycleEmitter) {
    this.#store = store;
    this.#key = key;
    this.#everyMs = everyMs;
    this.#events = events;
  }

  /** A token was issued or read from the store at `now`: its stored copy is up to date. */
  stored(now: number): void {
    this.#lastWrite = now;
  }

  /** A use at `now` moved the session's expiry to `expiresAt`: write it back, if the last write is old enough. */
  used(token: string, expiresAt: number, now: number): void {
    if (now - this.#lastWrite < this.#everyMs) return;
    this.#lastWrite = now;
    const write = this.#store.extend?.(this.#key, token, expiresAt, expiresAt - now);
    if (!write) return;
    const writing: Promise<void> = write
      .catch((error: unknown) => this.#events.failed(token, error, 'store extend'))
      // equivalent mutant (never cleared): a later use would wait on a write already done, a microtask
      .finally(() => {
        if (this.#writing === writing) this.#writing = undefined;
      });
    this.#writing = writing;
  }

  /** `result`, once the write a use started (if any) is done (read-your-writes). */
  after<T>(result: T): T | Promise<T> {
    const writing = this.#writing;
    return writing ? writing.then(() => result) : result;
  }
}
