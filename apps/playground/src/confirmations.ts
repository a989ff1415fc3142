import { randomBytes } from 'node:crypto';

/** How long a person has to answer the page's confirm dialog. */
export const CONFIRMATION_TTL_MS = 2 * 60_000;
/** Outstanding confirmations kept at most; the oldest is dropped first. */
const MAX_OUTSTANDING = 64;

interface Outstanding {
  tab: string;
  action: string;
  expiresAt: number;
}

/**
 * Confirmations of actions on real accounts (a real SMS, a 2FA challenge, an Expire-On-New token, a real
 * CMS log-in). The server issues one for one tab and one exact action (route and the words the person is
 * shown); the page shows those words and sends the confirmation back with the same request. Each is
 * unguessable (256 random bits), single-use and short-lived, so a request that did not come through the
 * person's dialog has nothing to offer, and a boolean in the body proves nothing.
 */
export class Confirmations {
  readonly #outstanding = new Map<string, Outstanding>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A new confirmation for `action` in `tab`. */
  issue(tab: string, action: string): { confirmation: string; expiresInMs: number } {
    const now = this.#now();
    for (const [key, entry] of this.#outstanding) if (entry.expiresAt <= now) this.#outstanding.delete(key);
    while (this.#outstanding.size >= MAX_OUTSTANDING)
      this.#outstanding.delete(this.#outstanding.keys().next().value!);
    const confirmation = randomBytes(32).toString('base64url');
    this.#outstanding.set(confirmation, { tab, action, expiresAt: now + CONFIRMATION_TTL_MS });
    return { confirmation, expiresInMs: CONFIRMATION_TTL_MS };
  }

  /** True, once, when `confirmation` was issued for this tab and this action and has not expired. */
  take(tab: string, action: string, confirmation: unknown): boolean {
    if (typeof confirmation !== 'string') return false;
    const entry = this.#outstanding.get(confirmation);
    if (!entry) return false;
    this.#outstanding.delete(confirmation); // used up even when offered for another tab or action
    return entry.tab === tab && entry.action === action && entry.expiresAt > this.#now();
  }
}
