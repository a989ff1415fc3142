// Expiry policies: what each one means for a token's expiry, safety margin and refresh window.
import { describe, expect, it } from 'vitest';
import { defaultTiming, expiryFrom } from '../src/expiryPolicy.js';
import { exclusive, idle, lifetime, never } from '../src/index.js';

const MIN = 60_000;

describe('expiry policies', () => {
  it('idle and lifetime need a positive, finite number of ms', () => {
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => idle(ms)).toThrow(new RangeError('idle(ms) needs a positive number of milliseconds'));
      expect(() => lifetime(ms)).toThrow(
        new RangeError('lifetime(ms) needs a positive number of milliseconds'),
      );
    }
    expect(idle(1)).toEqual({ kind: 'idle', ms: 1 });
    // `kind` is public: callers read it from `manager.policy`
    expect([never, exclusive]).toEqual([{ kind: 'never' }, { kind: 'exclusive' }]);
    expect(lifetime(1)).toEqual({ kind: 'lifetime', ms: 1 });
  });

  it('idle and lifetime expire ms after the moment given; never and exclusive do not expire by time', () => {
    expect(expiryFrom(idle(15 * MIN), 1_000)).toBe(1_000 + 15 * MIN);
    expect(expiryFrom(lifetime(MIN), 1_000)).toBe(1_000 + MIN);
    expect(expiryFrom(never, 1_000)).toBeNull();
    expect(expiryFrom(exclusive, 1_000)).toBeNull();
  });

  it('sliding sessions: a margin of 5 % (at most 30 s) and no refresh ahead', () => {
    expect(defaultTiming(idle(15 * MIN))).toEqual({ safetyMarginMs: 30_000, refreshWindowMs: 0 });
    expect(defaultTiming(idle(MIN))).toEqual({ safetyMarginMs: 3_000, refreshWindowMs: 0 });
  });

  it('fixed lifetimes: a margin of 2 % (at most 1 min) and a refresh window of 10 % (at most 5 min)', () => {
    expect(defaultTiming(lifetime(24 * 60 * MIN))).toEqual({
      safetyMarginMs: 60_000,
      refreshWindowMs: 300_000,
    });
    expect(defaultTiming(lifetime(10 * MIN))).toEqual({ safetyMarginMs: 12_000, refreshWindowMs: 60_000 });
  });

  it('never and exclusive: no margin and no refresh ahead (a new exclusive token kills the old one)', () => {
    expect(defaultTiming(never)).toEqual({ safetyMarginMs: 0, refreshWindowMs: 0 });
    expect(defaultTiming(exclusive)).toEqual({ safetyMarginMs: 0, refreshWindowMs: 0 });
  });
});
