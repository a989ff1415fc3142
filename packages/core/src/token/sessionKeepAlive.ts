import type { Clock } from '../clock.js';
import { TokenExpiredError } from '../errors.js';
import type { HeldToken } from './heldToken.js';
import type { KeepAliveTarget } from './keepAliveScheduler.js';
import type { LifecycleEmitter } from './lifecycleEmitter.js';
import type { KeepAliveOptions } from './tokenManagerOptions.js';

/** What a keep-alive ping needs of the manager whose session it keeps. */
export interface KeptSession {
  /** The token held now. */
  held(): HeldToken | undefined;
  /** When it was last used, pinged or adopted; `undefined` once the session leaves the schedule. */
  lastUsedAt(): number | undefined;
  /** A ping is as good as a use. */
  touch(token: string): void;
  /** The server says the session is gone. */
  invalidate(token: string): Promise<void>;
}

/**
 * A manager's session on the keep-alive schedule: a ping of the held token while it is usable. A ping the
 * server refuses as expired drops the session; any other failure is reported (`failed`) and tried again.
 */
export function sessionKeepAlive(
  keepAlive: KeepAliveOptions,
  session: KeptSession,
  clock: Clock,
  events: LifecycleEmitter,
): KeepAliveTarget {
  return {
    intervalMs: keepAlive.intervalMs,
    lastUsedAt: () => session.lastUsedAt(),
    ping: async () => {
      const held = session.held();
      if (!held || clock.now() >= held.usableUntil) return;
      const token = held.token.value;
      try {
        await keepAlive.ping(token);
        session.touch(token);
        events.emit('keep-alive', token, { expiresAt: session.held()?.token.expiresAt ?? null });
      } catch (error) {
        if (error instanceof TokenExpiredError) await session.invalidate(token).catch(() => undefined);
        else events.failed(token, error, 'keep-alive');
      }
    },
  };
}
