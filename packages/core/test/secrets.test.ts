import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type LifecycleEvent,
  never,
  ProtocolError,
  ProviderError,
  parseReplyLine,
  redactUrl,
  Secret,
  ServiceError,
  safeCopy,
  TokenManager,
} from '../src/index.js';

const CANARY = 'canary-secret-5b2d61a0';

function leaks(...texts: unknown[]): boolean {
  return texts.some((text) => String(text).includes(CANARY));
}

describe('Secret', () => {
  it('never prints: String, template, JSON, inspect', () => {
    const secret = new Secret(CANARY);
    expect(secret.reveal()).toBe(CANARY);
    expect(
      leaks(
        String(secret),
        `${secret}`,
        JSON.stringify({ secret }),
        inspect(secret),
        inspect({ secret }, { depth: 9 }),
      ),
    ).toBe(false);
  });

  it('errors are scrubbed of known secrets where they are built, cause included', () => {
    new Secret(CANARY);
    const error = new ServiceError(`server said: bad password ${CANARY}`, {
      provider: 'test',
      code: '001',
      cause: new Error(`wrapped ${encodeURIComponent(CANARY)}`),
    });
    expect(error.message).toBe('test: server said: bad password [REDACTED] (code 001)');
    expect(leaks(error.message, error.stack, inspect(error, { depth: 9 }), JSON.stringify(error))).toBe(
      false,
    );
  });

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

  it('redactUrl hides secret-looking query values and credentials', () => {
    expect(redactUrl(`https://u:${CANARY}@h/x?APIKey=${CANARY}&to=27`)).toBe(
      'https://h/x?APIKey=REDACTED&to=27',
    );
  });
});

describe('error family', () => {
  it('names provider and code, keeps status and retryable', () => {
    const e = new AuthenticationError('Authentication failed', { provider: 'clickatell-soap', code: '001' });
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.message).toBe('clickatell-soap: Authentication failed (code 001)');
    expect(e.name).toBe('AuthenticationError');
    expect([e.provider, e.code, e.status, e.retryable]).toEqual(['clickatell-soap', '001', undefined, false]);
  });
});

describe('parseReplyLine', () => {
  it.each([
    ['OK: af25a6386301960c862278b980b02b29', { ok: true, value: 'af25a6386301960c862278b980b02b29' }],
    ['OK:', { ok: true, value: '' }],
    ['OK: ', { ok: true, value: '' }],
    [
      'ERR: 001, Authentication failed',
      { ok: false, code: '001', description: 'Authentication failed', rest: '' },
    ],
    [
      '  ERR: 003, Session ID expired\n',
      { ok: false, code: '003', description: 'Session ID expired', rest: '' },
    ],
    [
      'ERR: 105, Invalid Destination Address To: 2799900001',
      { ok: false, code: '105', description: 'Invalid Destination Address', rest: 'To: 2799900001' },
    ],
    ['ERR: 901', { ok: false, code: '901', description: '', rest: '' }],
    // captured from the live API: an ERR line with no code
    [
      'ERR: This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
      {
        ok: false,
        code: undefined,
        description:
          'This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
        rest: '',
      },
    ],
  ])('%j', (line, expected) => {
    expect(parseReplyLine('p', line)).toEqual(expected);
  });

  it.each(['', 'Credit: 5', 'ERR:', 'ERR: 12345, x', 'ERR: 001x', '<html>', 'ok: lower'])(
    '%j → ProtocolError',
    (line) => {
      expect(() => parseReplyLine('p', line)).toThrow(ProtocolError);
    },
  );
});

describe('safeCopy', () => {
  it('drops keys that reach prototypes', () => {
    const parsed = JSON.parse('{"a":{"__proto__":{"x":1},"prototype":2,"b":[{"constructor":3,"c":4}]}}');
    expect(safeCopy(parsed)).toEqual({ a: { b: [{ c: 4 }] } });
  });
});
