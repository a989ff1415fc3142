import type { Clock, LifecycleEvent, TimerHandle } from '@x/core';

/** What the timeline draws: a token lifecycle event, or a time warp (a band across every lane). */
export type TimelineEventType = LifecycleEvent['type'] | 'time-warp';

export interface TimelineEvent {
  /** Order of recording (events at the same moment keep it). */
  id: number;
  /** One lane per token holder: `clickatell-soap session`, `sbt 1-day`, `cms-auth session`. */
  lane: string;
  type: TimelineEventType;
  /** Epoch ms on the session's clock. */
  at: number;
  /** For a warp: where the clock stood before it. */
  from?: number;
  /** The token's short one-way fingerprint (never the token). */
  token?: string;
  /** When the token expires after this event; `null` when not by time. */
  expiresAt?: number | null;
  detail?: string;
}

const MAX_EVENTS = 1000;

/**
 * One session's story. It also watches each lane's expiry on the session's clock, so an idle session is
 * drawn as expired at the minute the server forgot it, not at the next click that finds out.
 */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  readonly #clock: Clock;
  #nextId = 1;
  readonly #watch = new Map<string, { token: string; at: number; timer: TimerHandle; clock: Clock }>();
  /** Tokens already drawn as expired: the client's own later `expired` for them adds nothing. */
  readonly #expired = new Set<string>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  record(event: Omit<TimelineEvent, 'id'>): TimelineEvent {
    const recorded = { id: this.#nextId++, ...event };
    this.events.push(recorded);
    if (this.events.length > MAX_EVENTS) this.events.shift();
    return recorded;
  }

  /**
   * A lifecycle listener that draws a client's events on `lane`; `clock` is the client's (a real target's
   * lane keeps real time), `expiryNote` says why its watched expiry happens (`idle 15 min`).
   */
  listener(lane: string, clock: Clock, expiryNote?: string): (event: LifecycleEvent) => void {
    return (event) => this.lifecycle(lane, event, clock, expiryNote);
  }

  /** Draw one lifecycle event. */
  lifecycle(lane: string, event: LifecycleEvent, clock: Clock = this.#clock, expiryNote?: string): void {
    const token = event.token;
    if (event.type === 'expired' && token && this.#expired.has(`${lane} ${token}`)) return;
    if (event.type === 'expired' && token) this.#expired.add(`${lane} ${token}`);
    this.record({
      lane,
      type: event.type,
      at: event.at,
      ...(token ? { token } : {}),
      ...(event.expiresAt === undefined ? {} : { expiresAt: event.expiresAt }),
      ...(event.reason ? { detail: describeReason(event.reason) } : {}),
    });
    if (event.type === 'expired' || event.type === 'failed') {
      if (this.#watch.get(lane)?.token === token) this.unwatch(lane);
      return;
    }
    if (token && event.expiresAt) this.watch(lane, token, event.expiresAt, expiryNote, clock);
    if (token && event.expiresAt === null) this.unwatch(lane);
  }

  /** Draw `expired` for `token` at `at`, unless something renews it first. */
  watch(lane: string, token: string, at: number, note = 'its time ran out', clock = this.#clock): void {
    this.unwatch(lane);
    // a real clock cannot time more than ~24.8 days; the warp clock can
    if (!('advance' in clock) && at - clock.now() > 2 ** 31 - 1) return;
    const timer = clock.setTimeout(() => {
      this.#watch.delete(lane);
      if (this.#expired.has(`${lane} ${token}`)) return;
      this.#expired.add(`${lane} ${token}`);
      this.record({
        lane,
        type: 'expired',
        at,
        token,
        detail: `${note} since its last use: the server forgets it`,
      });
    }, at - clock.now());
    this.#watch.set(lane, { token, at, timer, clock });
  }

  unwatch(lane: string): void {
    const watched = this.#watch.get(lane);
    if (watched) watched.clock.clearTimeout(watched.timer);
    this.#watch.delete(lane);
  }

  /** Whether the timeline already showed `token` expiring. */
  hasExpired(lane: string, token: string): boolean {
    return this.#expired.has(`${lane} ${token}`);
  }
}

function describeReason(reason: string): string {
  if (reason === 'time') return 'found expired by time on the next call';
  if (reason === 'server') return 'the server rejected it';
  return reason;
}
