import type { LifecycleEvent } from '@x/core';

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
  /** The SDK's reason (`expired`: `time`, `server`, `store`, `logout`). */
  reason?: string;
  /** The reason in words. */
  detail?: string;
}

const MAX_EVENTS = 1000;

/**
 * One session's story, as the SDK tells it: every dot is a lifecycle event a client or manager emitted
 * (an `expired` by time comes from the SDK's own expiry scheduler, at the minute it happened), and the
 * time warps between them. It keeps no timers and decides nothing about tokens itself.
 */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  #nextId = 1;

  record(event: Omit<TimelineEvent, 'id'>): TimelineEvent {
    const recorded = { id: this.#nextId++, ...event };
    this.events.push(recorded);
    if (this.events.length > MAX_EVENTS) this.events.shift();
    return recorded;
  }

  /**
   * A lifecycle listener that draws a client's events on `lane`; `expiryNote` says how its token's time
   * runs out (`idle 15 min since its last use`), for the detail of an `expired` by time.
   */
  listener(lane: string, expiryNote?: string): (event: LifecycleEvent) => void {
    return (event) => this.lifecycle(lane, event, expiryNote);
  }

  /** Draw one lifecycle event. */
  lifecycle(lane: string, event: LifecycleEvent, expiryNote?: string): void {
    this.record({
      lane,
      type: event.type,
      at: event.at,
      ...(event.token ? { token: event.token } : {}),
      ...(event.expiresAt === undefined ? {} : { expiresAt: event.expiresAt }),
      ...(event.reason ? { reason: event.reason, detail: describeReason(event.reason, expiryNote) } : {}),
    });
  }
}

/** An event's reason in words, for the hover and the list. */
function describeReason(reason: string, expiryNote = 'its lifetime ran out'): string {
  if (reason === 'time') return `its time came: ${expiryNote}`;
  if (reason === 'server') return 'the server rejected it';
  if (reason === 'store') return 'another holder of the store dropped it';
  if (reason === 'logout') return 'logged out';
  return reason;
}
