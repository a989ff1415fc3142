// The manager's options with every default filled in (timingSettings), read directly; the keep-alive
// interval check is told through the constructor in sessionKeepAlive.test.ts.
import { describe, expect, it } from 'vitest';
import { exclusive, idle, lifetime, never } from '../src/index.js';
import { timingSettings } from '../src/token/tokenManagerOptions.js';

const options = { provider: 'test', key: 'k', issue: async () => 'tok' };
const MIN = 60_000;

describe('timingSettings', () => {
  it("fills each policy's defaults: margin and window from the policy, the lock and back-off fixed", () => {
    const fixed = { lockTtlMs: 30_000, lockWaitMs: 60_000, lockPollMs: 25, backgroundRetryMs: 3_000 };
    expect(timingSettings({ ...options, policy: lifetime(60 * MIN) })).toEqual({
      ...fixed,
      marginMs: 60_000,
      windowMs: 300_000,
      slideWriteMs: Number.POSITIVE_INFINITY,
    });
    expect(timingSettings({ ...options, policy: idle(15 * MIN) })).toEqual({
      ...fixed,
      marginMs: 30_000,
      windowMs: 0,
      slideWriteMs: 90_000,
    });
    for (const policy of [never, exclusive])
      expect(timingSettings({ ...options, policy })).toEqual({
        ...fixed,
        marginMs: 0,
        windowMs: 0,
        slideWriteMs: Number.POSITIVE_INFINITY,
      });
  });

  it('an option given wins over its default, zero included', () => {
    const given = {
      safetyMarginMs: 0,
      refreshWindowMs: 1,
      lockTtlMs: 2,
      lockWaitMs: 3,
      lockPollMs: 4,
      backgroundRetryMs: 5,
      slideWriteMs: 6,
    };
    expect(timingSettings({ ...options, policy: idle(15 * MIN), ...given })).toEqual({
      marginMs: 0,
      windowMs: 1,
      lockTtlMs: 2,
      lockWaitMs: 3,
      lockPollMs: 4,
      backgroundRetryMs: 5,
      slideWriteMs: 6,
    });
  });
});
