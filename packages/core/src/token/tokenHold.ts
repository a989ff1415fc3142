import type { Clock } from '../clock.js';
import { type ExpiryPolicy, expiryFrom } from '../expiryPolicy.js';
import { forgetSecret, registerSecret } from '../secret.js';
import { type ExpiryTarget, expirySchedulerFor } from './expiryScheduler.js';
import { type HeldToken, holdToken } from './heldToken.js';
import { type KeepAliveTarget, keepAliveSchedulerFor } from './keepAliveScheduler.js';
import type { LifecycleEmitter } from './lifecycleEmitter.js';
import { sessionKeepAlive } from './sessionKeepAlive.js';
import type { SlidingWriteBack } from './slidingWriteBack.js';
import type { KeepAliveOptions, TokenTimingSettings } from './tokenManagerOptions.js';
import type { StoredToken } from './tokenStore.js';

/** Why a held token was dropped: its time came, the server rejected it, or another holder of the store deleted it. */
export type DropReason = 'time' | 'server' | 'store';

/**
 * The token a manager holds and its times: adopting one (issued here or read from the store) puts it on
 * the process's expiry and keep-alive schedules; a use slides an `idle` token's expiry; its time coming,
 * or a rejection, drops it and emits `expired`.
 */
export class TokenHold implements ExpiryTarget {
  readonly #policy: ExpiryPolicy;
  readonly #timing: TokenTimingSettings;
  readonly #clock: Clock;
  readonly #events: LifecycleEmitter;
  readonly #writeBack: SlidingWriteBack;
  readonly #keepAlive: KeepAliveTarget | undefined;
  #held: HeldToken | undefined;
  /** When the held token was last used, pinged or adopted. */
  #lastUsedAt = 0;
  /** Whether a token was ever held: later issues are refreshes. */
  #hadToken = false;
  #closed = false;

  constructor(options: {
    policy: ExpiryPolicy;
    timing: TokenTimingSettings;
    clock: Clock;
    events: LifecycleEmitter;
    writeBack: SlidingWriteBack;
    keepAlive: KeepAliveOptions | undefined;
    /** The server says the session a ping kept is gone. */
    invalidate: (token: string) => Promise<void>;
  }) {
    this.#policy = options.policy;
    this.#timing = options.timing;
    this.#clock = options.clock;
    this.#events = options.events;
    this.#writeBack = options.writeBack;
    const { keepAlive, invalidate } = options;
    this.#keepAlive =
      keepAlive && sessionKeepAlive(keepAlive, { ...this.#kept(), invalidate }, this.#clock, this.#events);
  }

  /** The token held now. */
  get held(): HeldToken | undefined {
    return this.#held;
  }

  /** Whether a token was ever held. */
  get hadToken(): boolean {
    return this.#hadToken;
  }

  /** Whether the manager is closed: off the schedules, not following the store. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Hold `token` from now on. */
  adopt(token: StoredToken): StoredToken {
    this.#held = holdToken(token, this.#timing);
    this.#hadToken = true;
    // a token another process issued is as secret here as one we issued
    registerSecret(token.value);
    const now = this.#clock.now();
    this.#lastUsedAt = now;
    this.#writeBack.stored(now);
    if (this.#closed) return token;
    if (this.#keepAlive) keepAliveSchedulerFor(this.#clock).add(this.#keepAlive);
    expirySchedulerFor(this.#clock).watch(this);
    return token;
  }

  /** Let the held `token` go, and say so (`expired`). */
  drop(token: string, reason: DropReason): void {
    this.#held = undefined;
    expirySchedulerFor(this.#clock).unwatch(this);
    forgetSecret(token); // dead now: scrubbing it is no longer worth its cost
    this.#events.emit('expired', token, { reason });
  }

  /** A successful use (or ping) of `token`: a sliding token's expiry moves, and is written back. */
  touch(token: string): void {
    const held = this.#held;
    if (!held || held.token.value !== token) return;
    const now = this.#clock.now();
    this.#lastUsedAt = now;
    if (this.#policy.kind === 'idle') {
      const expiresAt = expiryFrom(this.#policy, now)!;
      this.#held = holdToken({ ...held.token, expiresAt }, this.#timing);
      this.#writeBack.used(token, expiresAt, now);
    }
    this.#events.emit('used', token, { expiresAt: this.#held!.token.expiresAt });
  }

  /** Off the expiry and keep-alive schedules for good. */
  close(): void {
    this.#closed = true;
    expirySchedulerFor(this.#clock).unwatch(this);
    // equivalent mutant (always remove): removing what the scheduler never held changes nothing in it
    if (this.#keepAlive) keepAliveSchedulerFor(this.#clock).remove(this.#keepAlive);
  }

  /** {@link ExpiryTarget}: when the held token stops being usable. */
  dueAt(): number | undefined {
    return this.#held?.usableUntil;
  }

  /** {@link ExpiryTarget}: the time has come, unless a use moved it. */
  expire(): void {
    const held = this.#held;
    if (held && this.#clock.now() >= held.usableUntil) this.drop(held.token.value, 'time');
  }

  #kept() {
    return {
      held: () => this.#held,
      lastUsedAt: () => (this.#held && !this.#closed ? this.#lastUsedAt : undefined),
      touch: (token: string) => this.touch(token),
    };
  }
}
