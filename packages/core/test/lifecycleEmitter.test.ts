// LifecycleEmitter, told through TokenManager's events: what they tell a log or a dashboard (which event,
// why, for which token as a fingerprint), and that a listener can neither break token handling nor miss a stop.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { idle, type LifecycleEvent, lifetime, never, ServiceError, TokenManager } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';
import { CANARY, leaks } from './canary.js';
import { credential, eventsOf, MIN } from './credential.js';

describe('lifecycle events', () => {
  it('issued, used, refreshed: each with the token’s fingerprint, the time and the expiry', async () => {
    const clock = new ManualClock();
    const manager = credential({ clock, policy: idle(15 * MIN) }).make();
    const events = eventsOf(manager);
    const start = clock.now();
    await manager.get();
    await clock.advance(MIN);
    await manager.use(async () => undefined);
    await manager.refresh();
    expect(events).toEqual([
      {
        type: 'issued',
        provider: 'test',
        key: manager.key,
        at: start,
        token: expect.any(String),
        expiresAt: start + 15 * MIN,
      },
      {
        type: 'used',
        provider: 'test',
        key: manager.key,
        at: start + MIN,
        token: events[0]?.token,
        expiresAt: start + 16 * MIN,
      },
      {
        type: 'refreshed',
        provider: 'test',
        key: manager.key,
        at: start + MIN,
        token: expect.any(String),
        expiresAt: start + 16 * MIN,
      },
    ]);
    expect(events[0]?.token).toMatch(/^[0-9a-f]{8}$/);
    expect(events[2]?.token).not.toBe(events[0]?.token);
  });

  it('a failed auth names the error: its name and code, the name of any other error, or just Error', async () => {
    const failures: [unknown, string][] = [
      [new ServiceError('down', { provider: 'test', code: 503 }), 'ServiceError 503'],
      [new ServiceError('down', { provider: 'test' }), 'ServiceError'],
      [new TypeError('a bug'), 'TypeError'],
      ['a string', 'Error'],
    ];
    for (const [failure, reason] of failures) {
      const manager = credential().make({
        issue: async () => {
          throw failure;
        },
      });
      const events = eventsOf(manager);
      await expect(manager.get()).rejects.toBe(failure);
      expect(events).toMatchObject([{ type: 'failed', reason, error: failure }]);
      expect(events[0]).not.toHaveProperty('token');
    }
  });

  it('a listener that throws is ignored, the others still hear; a stopped listener hears nothing more', async () => {
    const clock = new ManualClock();
    const manager = credential({ clock, policy: lifetime(60 * MIN) }).make();
    const heard: string[] = [];
    manager.on(() => {
      throw new Error('a bug in a listener');
    });
    const stop = manager.on((event: LifecycleEvent) => heard.push(event.type));
    expect(await manager.get()).toBe('tok-1');
    stop();
    await manager.refresh();
    expect(heard).toEqual(['issued']);
  });
});

describe('diagnostics channel', () => {
  it('a manager with no listener still publishes its events on x-auth:token', async () => {
    const { subscribe, unsubscribe } = process.getBuiltinModule('node:diagnostics_channel');
    const published: unknown[] = [];
    const onEvent = (event: unknown) => published.push(event);
    subscribe('x-auth:token', onEvent);
    try {
      const manager = credential().make();
      await manager.get();
      expect(published).toMatchObject([{ type: 'issued', key: manager.key }]);
    } finally {
      unsubscribe('x-auth:token', onEvent);
    }
  });
});

describe('secrets', () => {
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
