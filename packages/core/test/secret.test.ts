// Secrets (src/secret.ts): a Secret never prints, and every registered value (raw, URL-encoded or
// form-encoded) is scrubbed from text until each of its holders has forgotten it, within the bounds of two
// pools. That errors are scrubbed where they are built is errors.test.ts; that lifecycle events carry no
// token, tokenSecrets.test.ts.
import { inspect } from 'node:util';
import { queryObjects } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  forgetSecret,
  registerSecret,
  Secret,
  ServiceError,
  scrub,
} from '../src/index.js';
import { CANARY, leaks } from './canary.js';

/** `count` distinct secrets of `length` characters (letters and digits only: one form each), named `tag`. */
function secrets(tag: string, count: number, length: number): string[] {
  return Array.from({ length: count }, (_, i) => `${tag}${i}x`.padEnd(length, 'q'));
}

/** Which of `values` `scrub` still knows, in one scrub (one matcher build) for all of them. */
function known(values: readonly string[]): boolean[] {
  return scrub(values.join('\n'))
    .split('\n')
    .map((line) => line === '[REDACTED]');
}

/** Register `values`, run `body`, then forget them again, so that the next test starts from the same pools. */
function withSecrets(values: readonly string[], body: () => void): void {
  for (const value of values) registerSecret(value);
  try {
    body();
  } finally {
    for (const value of values) forgetSecret(value);
  }
}

describe('Secret', () => {
  it('prints as [REDACTED] everywhere; only reveal() gives the value', () => {
    const secret = new Secret(CANARY);
    expect(secret.reveal()).toBe(CANARY);
    expect([String(secret), `${secret}`, JSON.stringify({ secret }), inspect(secret)]).toEqual([
      '[REDACTED]',
      '[REDACTED]',
      '{"secret":"[REDACTED]"}',
      'Secret([REDACTED])',
    ]);
    expect(leaks(inspect({ secret }, { depth: 9 }))).toBe(false);
  });

  it('Secret.from wraps a string and passes a Secret through', () => {
    const secret = new Secret(CANARY);
    expect(Secret.from(secret)).toBe(secret);
    const wrapped = Secret.from('from-string-4e1b');
    expect(wrapped).toBeInstanceOf(Secret);
    expect(wrapped.reveal()).toBe('from-string-4e1b');
    expect(scrub('x from-string-4e1b')).toBe('x [REDACTED]'); // registered as it was wrapped
  });
});

describe('registerSecret and scrub', () => {
  it('a secret is scrubbed in its URL-encoded and query forms too', () => {
    // changes under encodeURIComponent (space, &, /, +, ü) and differs again in a query string (+, !)
    const canary = 'canary p&ss/wörd+!5b2d';
    const query = new URLSearchParams({ password: canary }).toString().slice('password='.length);
    expect(encodeURIComponent(canary)).not.toBe(canary);
    expect(query).not.toBe(encodeURIComponent(canary));
    withSecrets([canary], () => {
      const error = new ServiceError(`echoed ${encodeURIComponent(canary)} and ?p=${query}`, {
        provider: 'test',
        cause: new Error(`wrapped ${encodeURIComponent(canary)}`),
      });
      expect(error.message).toBe('test: echoed [REDACTED] and ?p=[REDACTED]');
      expect(String((error.cause as Error).message)).toBe('wrapped [REDACTED]');
      expect(scrub(`raw ${canary}`)).toBe('raw [REDACTED]');
    });
  });

  it('a value that cannot be URL-encoded (a lone surrogate) is still scrubbed as it is', () => {
    const broken = 'half \ud800 of a pair';
    expect(() => encodeURIComponent(broken)).toThrow(URIError);
    withSecrets([broken], () => expect(scrub(`x ${broken} y`)).toBe('x [REDACTED] y'));
  });

  it('4 characters (a PIN) are scrubbed; 3 are not, and a value that is not a string is ignored', () => {
    withSecrets(['4821', 'abc'], () => {
      expect(scrub('PIN 4821, code abc')).toBe('PIN [REDACTED], code abc');
    });
    expect(() => registerSecret(12345 as never)).not.toThrow();
    expect(() => registerSecret(undefined as never)).not.toThrow();
    expect(scrub('12345')).toBe('12345');
  });

  it('where one secret holds another, the longer wins (no tail of it left), in both pools', () => {
    const [short, long] = ['pw-1a2b', 'L'.repeat(300)];
    withSecrets([short, `${short}-more`, long, `${long}-more`], () => {
      expect(scrub(`${short}-more ${long}-more`)).toBe('[REDACTED] [REDACTED]');
      expect(scrub(`${short} ${long}`)).toBe('[REDACTED] [REDACTED]');
    });
  });

  it('text without a secret in it comes back as it is, also when it is shorter than a long secret', () => {
    withSecrets(['pw-5c6d', 'T'.repeat(1_000)], () => {
      expect(scrub('nothing to hide')).toBe('nothing to hide');
      expect(scrub('T'.repeat(999))).toBe('T'.repeat(999));
      expect(scrub('T'.repeat(1_000))).toBe('[REDACTED]');
    });
  });

  it('a secret registered twice stays until forgotten twice, short or long', () => {
    for (const shared of ['shared-token-7c1e90aa', `shared-${'long'.repeat(100)}`]) {
      registerSecret(shared); // say, the client that received it
      registerSecret(shared); // and the token manager that holds it
      forgetSecret(shared); // one of them drops it
      expect(scrub(`x ${shared}`)).toBe('x [REDACTED]');
      forgetSecret(shared);
      expect(scrub(`x ${shared}`)).toBe(`x ${shared}`);
      forgetSecret(shared); // once more than registered: nothing to forget, nothing breaks
      expect(scrub(`x ${shared}`)).toBe(`x ${shared}`);
    }
  });

  it('a forgotten secret is gone from memory at once: no expression built for an earlier scrub keeps it', () => {
    // every live RegExp as util.inspect prints it, after a full GC (queryObjects collects first)
    const holding = (value: string) =>
      queryObjects(RegExp, { format: 'summary' }).filter((source) => source.includes(value));
    const [first, last] = ['forgotten-first-41d2c7', 'forgotten-last-9b03e5'];
    registerSecret(first);
    registerSecret(last);
    expect(scrub(`${first} ${last}`)).toBe('[REDACTED] [REDACTED]'); // builds the expression of both
    expect(holding(first)).toHaveLength(1);
    forgetSecret(first); // and no message is scrubbed after it
    expect(holding(first)).toEqual([]);
    forgetSecret(last); // the pool is empty now: scrub() builds nothing more, ever
    expect(holding(last)).toEqual([]);
  });

  it('secrets of any length never break building an error, and are scrubbed until forgotten', () => {
    const token = `t${'k'.repeat(59_999)}`; // a 60,000-character token a server returned
    const apiKey = `a/${'b'.repeat(4_999_998)}`; // a 5,000,000-character key with an encoded form
    const text = `echo ${token} and ${encodeURIComponent(apiKey)} and canary-short`;
    registerSecret(token);
    new Secret(apiKey);
    try {
      const error = new ServiceError(text, {
        provider: 'test',
        cause: Object.create(null), // a cause that cannot even be turned into text
      });
      expect(error.message).toBe('test: echo [REDACTED] and [REDACTED] and canary-short');
      expect(new AuthenticationError('unrelated', { provider: 'other' }).message).toBe('other: unrelated');
    } finally {
      forgetSecret(token);
      forgetSecret(apiKey);
    }
    expect(scrub(text)).toBe(text);
  });
});
describe('the bounds of the two pools', () => {
  // A secret is long when one of its forms is over 256 characters. Long ones go to a pool of 16.

  it('16 long secrets are kept; a 17th pushes the oldest out, and never a short one', () => {
    const password = 'short-password-3f9a';
    const longTokens = secrets('long', 17, 2_000);
    withSecrets([password, ...longTokens.slice(0, 16)], () => {
      expect(known([password, ...longTokens.slice(0, 16)]).every(Boolean)).toBe(true);
      withSecrets([longTokens[16]!], () => {
        expect(known([password, ...longTokens])).toEqual([true, false, ...Array(16).fill(true)]);
      });
    });
  });

  it('a long secret registered again is the newest, and is pushed out last', () => {
    const longTokens = secrets('again', 17, 300);
    withSecrets(longTokens.slice(0, 16), () => {
      registerSecret(longTokens[0]!); // the oldest is in use again
      withSecrets([longTokens[16]!], () => {
        expect(known(longTokens)).toEqual([true, false, ...Array(15).fill(true)]);
      });
      forgetSecret(longTokens[0]!);
    });
  });

  it('a secret of 256 characters is short (16 long ones do not push it out); one encoded past 256 is long', () => {
    const [fits, encodesLong] = ['s'.repeat(256), '/'.repeat(100)]; // `/` encodes as `%2F`: 300 characters
    withSecrets([fits, encodesLong, ...secrets('push', 16, 257)], () => {
      expect(known([fits, encodesLong, encodeURIComponent(encodesLong)])).toEqual([true, false, false]);
    });
  });

  it('short secrets fill at most 512 Ki characters of forms, oldest forgotten first', () => {
    // 2,048 secrets of 256 characters fill the pool exactly (and push out whatever was there before)
    const tokens = secrets('fill', 2_049, 256);
    withSecrets(tokens.slice(0, 2_048), () => {
      expect(known(tokens.slice(0, 2_048)).every(Boolean)).toBe(true);
      registerSecret(tokens[1]!); // the second oldest is in use again: it becomes the newest
      withSecrets(['four', tokens[2_048]!], () => {
        // over by 4, then by 4 again: the oldest goes, then the next oldest (tokens[2]), not the one used again
        expect(known(tokens.slice(0, 4))).toEqual([false, true, false, true]);
      });
      forgetSecret(tokens[1]!);
    });
  });

  it('short secrets are at most 4,096, oldest forgotten first', () => {
    const pins = secrets('p', 4_097, 8);
    withSecrets(pins.slice(0, 4_096), () => {
      expect(known(pins.slice(0, 4_096)).every(Boolean)).toBe(true);
      withSecrets([pins[4_096]!], () => {
        expect(known(pins.slice(0, 3))).toEqual([false, true, true]);
        expect(known([pins[4_096]!])).toEqual([true]);
      });
    });
  });
});
