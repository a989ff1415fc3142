// A TokenManager and its secrets: the token it holds never reaches its lifecycle events or its printed
// form. (Moved here from secrets.test.ts, a theme file; the token lifecycle's own tests are the lead's.)
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type LifecycleEvent, never, TokenManager } from '../src/index.js';
import { CANARY, leaks } from './canary.js';

describe('TokenManager and secrets', () => {
  it('lifecycle events carry fingerprints, not tokens', async () => {
    const events: LifecycleEvent[] = [];
    const m = new TokenManager({ provider: 'test', key: 'k', policy: never, issue: async () => CANARY });
    m.on((e) => events.push(e));
    await m.use(async () => 1);
    await m.invalidate(CANARY);
    expect(events.map((e) => e.type)).toEqual(['issued', 'used', 'expired']);
    expect(leaks(JSON.stringify(events), inspect(events, { depth: 9 }), inspect(m, { depth: 9 }))).toBe(
      false,
    );
  });
});
