import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  forgetSecret,
  type LifecycleEvent,
  never,
  ProtocolError,
  ProviderError,
  parseReplyLine,
  redactUrl,
  registerSecret,
  Secret,
  ServiceError,
  safeCopy,
  scrub,
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

  it('a secret is scrubbed in its URL-encoded and query forms too', () => {
    // changes under encodeURIComponent (space, &, /, +, ü) and differs again in a query string (+, !)
    const canary = 'canary p&ss/wörd+!5b2d';
    new Secret(canary);
    const query = new URLSearchParams({ password: canary }).toString().slice('password='.length);
    expect(encodeURIComponent(canary)).not.toBe(canary);
    expect(query).not.toBe(encodeURIComponent(canary));
    const error = new ServiceError(`echoed ${encodeURIComponent(canary)} and ?p=${query}`, {
      provider: 'test',
      cause: new Error(`wrapped ${encodeURIComponent(canary)}`),
    });
    expect(error.message).toBe('test: echoed [REDACTED] and ?p=[REDACTED]');
    expect(String((error.cause as Error).message)).toBe('wrapped [REDACTED]');
  });

  it('a secret registered twice is still scrubbed after one holder forgets it', () => {
    const shared = 'shared-token-7c1e90aa';
    registerSecret(shared); // say, the client that received it
    registerSecret(shared); // and the token manager that holds it
    forgetSecret(shared); // one of them drops it
    expect(scrub(`x ${shared}`)).toBe('x [REDACTED]');
    forgetSecret(shared);
    expect(scrub(`x ${shared}`)).toBe(`x ${shared}`);
  });

  it('secrets of any length never break building an error, and are scrubbed', () => {
    const token = `t${'k'.repeat(59_999)}`; // a 60,000-character token a server returned
    const apiKey = `a/${'b'.repeat(4_999_998)}`; // a 5,000,000-character key with an encoded form
    registerSecret(token);
    new Secret(apiKey);
    try {
      const error = new ServiceError(`echo ${token} and ${encodeURIComponent(apiKey)} and canary-short`, {
        provider: 'test',
        cause: Object.create(null), // a cause that cannot even be turned into text
      });
      expect(error.message).toBe('test: echo [REDACTED] and [REDACTED] and canary-short');
      expect(new AuthenticationError('unrelated', { provider: 'other' }).message).toBe('other: unrelated');
    } finally {
      forgetSecret(token);
      forgetSecret(apiKey);
    }
  });

  it('the bound: at most 16 long secrets, oldest forgotten first, and never at the cost of a short one', () => {
    const password = 'short-password-3f9a';
    registerSecret(password);
    const longTokens = Array.from({ length: 17 }, (_, i) => `${i}-${'L'.repeat(2_000)}`);
    for (const token of longTokens) registerSecret(token);
    try {
      expect(scrub(password)).toBe('[REDACTED]');
      expect(scrub(longTokens[16]!)).toBe('[REDACTED]');
      expect(scrub(longTokens[0]!)).toBe(longTokens[0]); // the 17th pushed the oldest out
    } finally {
      for (const token of [password, ...longTokens]) forgetSecret(token);
    }
  });

  it('the bound: short secrets fill at most 512 Ki characters of forms, oldest forgotten first', () => {
    // 2,100 secrets of 250 characters: under the 4,096-secret bound, over the character bound
    const tokens = Array.from({ length: 2_100 }, (_, i) => `${String(i).padStart(4, '0')}${'s'.repeat(246)}`);
    for (const token of tokens) registerSecret(token);
    try {
      expect(scrub(tokens[2_099]!)).toBe('[REDACTED]');
      expect(scrub(tokens[0]!)).toBe(tokens[0]);
    } finally {
      for (const token of tokens) forgetSecret(token);
    }
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
