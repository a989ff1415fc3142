// The two secret-free ids that lifecycle events and store keys carry: a token's fingerprint and a
// credential's store key.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialKey, fingerprint } from '../src/index.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('fingerprint', () => {
  it("is the first 8 hex characters of the token's SHA-256", () => {
    expect(fingerprint('tok-1')).toBe(sha256('tok-1').slice(0, 8));
    expect(fingerprint('tok-1')).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint('tok-2')).not.toBe(fingerprint('tok-1'));
  });
});

describe('credentialKey', () => {
  it('is provider, endpoint and 24 hex characters of the SHA-256 of the identity, never the identity', () => {
    const key = credentialKey(
      'clickatell-soap',
      'https://api.example.com/soap',
      'api-1',
      'user',
      's3cret-pw',
    );
    expect(key).toBe(
      `clickatell-soap:https://api.example.com/soap:${sha256('api-1\u0000user\u0000s3cret-pw').slice(0, 24)}`,
    );
    expect(key).not.toContain('s3cret-pw');
  });

  it('tells identities apart where their parts meet', () => {
    const keys = [
      credentialKey('p', 'e', 'ab', 'c'),
      credentialKey('p', 'e', 'a', 'bc'),
      credentialKey('p', 'e', 'abc'),
      credentialKey('p', 'e'),
    ];
    expect(new Set(keys).size).toBe(4);
  });
});
