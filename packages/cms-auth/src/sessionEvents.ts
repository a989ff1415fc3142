import {
  type Clock,
  type ExpiryTarget,
  expirySchedulerFor,
  LifecycleEmitter,
  type LifecycleListener,
} from '@x/core';
import { TOKEN_IDLE_MS } from './contract.js';
import { PROVIDER } from './validation.js';

/**
 * Why a live session ended: logged out here, refused by the service on a lookup, logged out by another
 * process on the store, or an idle hour passed with no use this manager saw.
 */
export type SessionEnd = 'logout' | 'server' | 'store' | 'time';

/** A session token the manager knows to be live, on the expiry schedule until its idle hour runs out. */
class LiveSession implements ExpiryTarget {
  /** When Recite forgets the token if nobody uses it before (clock ms). */
  expiresAt: number;
  readonly #timeUp: () => void;

  constructor(expiresAt: number, timeUp: () => void) {
    this.expiresAt = expiresAt;
    this.#timeUp = timeUp;
  }

  dueAt(): number {
    return this.expiresAt;
  }

  expire(): void {
    this.#timeUp();
  }
}

/**
 * The session tokens a `CmsAuthManager` knows to be live, and the lifecycle events about them, to its
 * listeners and to the `x-auth:token` channel: `issued` on log-in, `used` when the service answered a
 * lookup (Recite restarts the token's idle hour then), `expired` once when the session ends. At most
 * `maxEntries` are followed (the least recently used goes first, silently), each on core's expiry
 * scheduler, which holds them weakly and looks again when an old time comes, so a use costs no timer.
 */
export class SessionEvents {
  readonly #clock: Clock;
  readonly #maxEntries: number;
  readonly #keyOf: (token: string) => string;
  readonly #timeUp: (token: string) => void;
  /** Token → its session, least recently used first. */
  readonly #live = new Map<string, LiveSession>();
  /** Each event's `key` is its token's (given per event): the emitter's own is never used. */
  readonly #events: LifecycleEmitter;

  constructor(options: {
    clock: Clock;
    maxEntries: number;
    /** The event's `key` for a token (a hash, never the token). */
    keyOf: (token: string) => string;
    /** Called after `expired` (`'time'`): Recite has forgotten the token. */
    timeUp: (token: string) => void;
  }) {
    this.#clock = options.clock;
    this.#maxEntries = options.maxEntries;
    this.#keyOf = options.keyOf;
    this.#timeUp = options.timeUp;
    this.#events = new LifecycleEmitter(PROVIDER, '', this.#clock);
  }

  /** Listen; returns a function that stops listening. */
  on(listener: LifecycleListener): () => void {
    return this.#events.on(listener);
  }

  /** A log-in issued `token`. */
  issued(token: string): void {
    this.#events.emit('issued', token, { key: this.#keyOf(token), expiresAt: this.#follow(token) });
  }

  /** The service answered a lookup for the live `token`: its idle hour starts again. */
  used(token: string): void {
    this.#events.emit('used', token, { key: this.#keyOf(token), expiresAt: this.#follow(token) });
  }

  /** `token` is dead for `reason`: `expired`, once, if it was a session followed here. */
  ended(token: string, reason: SessionEnd): void {
    const session = this.#live.get(token);
    if (!session) return;
    this.#unfollow(token, session);
    this.#events.emit('expired', token, { key: this.#keyOf(token), reason });
  }

  /** Stop following every session (the manager is closing); nothing is emitted. */
  close(): void {
    for (const [token, session] of this.#live) this.#unfollow(token, session);
  }

  /** Follow `token` from now, as the most recently used; returns its new expiry. */
  #follow(token: string): number {
    const expiresAt = this.#clock.now() + TOKEN_IDLE_MS;
    let session = this.#live.get(token);
    if (session) {
      session.expiresAt = expiresAt; // the scheduler asks again when the old time comes
      this.#live.delete(token);
    } else {
      session = new LiveSession(expiresAt, () => this.#expire(token));
    }
    this.#live.set(token, session);
    expirySchedulerFor(this.#clock).watch(session);
    if (this.#live.size > this.#maxEntries) {
      const [oldest, its] = this.#live.entries().next().value!;
      this.#unfollow(oldest, its);
    }
    return expiresAt;
  }

  #unfollow(token: string, session: LiveSession): void {
    this.#live.delete(token);
    expirySchedulerFor(this.#clock).unwatch(session);
  }

  #expire(token: string): void {
    const session = this.#live.get(token);
    if (!session || this.#clock.now() < session.expiresAt) return;
    this.ended(token, 'time');
    this.#timeUp(token);
  }
}
