// The error family as a caller's `catch` sees it: class, name, message, code, status, retryable and cause.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  isProviderError,
  ProtocolError,
  ProviderError,
  RateLimitError,
  registerSecret,
  Secret,
  ServiceError,
  TokenExpiredError,
  TransportError,
  ValidationError,
} from '../src/index.js';
import { CANARY, leaks } from './canary.js';

const classes = {
  ProviderError,
  AuthenticationError,
  TokenExpiredError,
  ValidationError,
  RateLimitError,
  ServiceError,
  ProtocolError,
  TransportError,
};

describe('error family', () => {
  it('each class has its own name, is a ProviderError and an Error, and is not retryable unless told', () => {
    for (const [name, Class] of Object.entries(classes)) {
      const error = new Class('went wrong', { provider: 'p' });
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toBeInstanceOf(Error);
      expect(isProviderError(error)).toBe(true);
      expect(error.retryable).toBe(Class === RateLimitError);
      expect(String(error)).toBe(`${name}: p: went wrong`);
    }
    expect(isProviderError(new Error('x'))).toBe(false);
  });

  it('the message names the provider and its code, exactly as sent; status and retryable are kept', () => {
    const error = new ServiceError('no credit', {
      provider: 'clickatell-soap',
      code: '301',
      status: 200,
      retryable: true,
    });
    expect(error).toMatchObject({
      message: 'clickatell-soap: no credit (code 301)',
      code: '301',
      status: 200,
      retryable: true,
    });
    expect(new AuthenticationError('bad key', { provider: 'sbt', code: 1401 }).code).toBe(1401);
    expect(new ServiceError('x', { provider: 'p', code: 0 }).message).toBe('p: x (code 0)');
  });

  it('a RateLimitError keeps retryAfterMs, and may be made non-retryable', () => {
    const error = new RateLimitError('slow down', { provider: 'p', retryAfterMs: 2_000 });
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 2_000 });
    expect(new RateLimitError('x', { provider: 'p', retryable: false }).retryable).toBe(false);
  });

  it('a ValidationError names its field', () => {
    expect(new ValidationError('to must be a number', { provider: 'p', field: 'to' }).field).toBe('to');
  });

  it('a foreign cause is kept as a scrubbed copy with its name and code; one of ours is kept as it is', () => {
    registerSecret('cause-secret-9876');
    const foreign = Object.assign(new TypeError('fetch failed for cause-secret-9876'), {
      code: 'ECONNRESET',
      extra: {},
    });
    const error = new TransportError('network failure', { provider: 'p', cause: foreign });
    const cause = error.cause as Error & { code?: string };
    expect(cause).not.toBe(foreign);
    expect(cause).toBeInstanceOf(Error);
    expect({ name: cause.name, message: cause.message, code: cause.code }).toEqual({
      name: 'TypeError',
      message: 'fetch failed for [REDACTED]',
      code: 'ECONNRESET',
    });
    expect(cause.stack).toBe('TypeError: fetch failed for [REDACTED]');
    expect('extra' in cause).toBe(false);
    const ours = new ProtocolError('bad XML', { provider: 'p' });
    expect(new ServiceError('x', { provider: 'p', cause: ours }).cause).toBe(ours);
    expect((new ServiceError('x', { provider: 'p', cause: 'a string' }).cause as Error).message).toBe(
      'a string',
    );
    expect(new ServiceError('x', { provider: 'p', cause: { code: { nested: 1 } } }).cause).not.toHaveProperty(
      'code',
    );
    expect(new ServiceError('x', { provider: 'p' }).cause).toBeUndefined();
  });

  it('a cause keeps a numeric code; one that cannot be read or printed becomes "unprintable cause"', () => {
    const numbered = new ServiceError('x', {
      provider: 'p',
      cause: Object.assign(new Error('e'), { code: 1400 }),
    });
    expect((numbered.cause as Error & { code?: number }).code).toBe(1400);
    const unreadable = Object.defineProperty(new Error(), 'message', {
      get() {
        throw new Error('a getter that throws');
      },
    });
    const unprintable = Object.assign(new RangeError(), { message: Object.create(null) });
    for (const cause of [unreadable, unprintable, Object.create(null)]) {
      const error = new TransportError('network failure', { provider: 'p', cause });
      expect((error.cause as Error).message).toBe('unprintable cause');
    }
    const named = new TransportError('x', { provider: 'p', cause: unprintable }).cause as Error;
    expect(named.name).toBe('RangeError');
  });

  it('the message is scrubbed of registered secrets where the error is built', () => {
    registerSecret('message-secret-1234');
    const error = new AuthenticationError('rejected key message-secret-1234', { provider: 'p' });
    expect(error.message).toBe('p: rejected key [REDACTED]');
    expect(error.stack).not.toContain('message-secret-1234');
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
});
