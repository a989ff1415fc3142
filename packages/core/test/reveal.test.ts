// revealAll: what a transport sends, right before sending: every Secret, however deep, as its raw value.
import { describe, expect, it } from 'vitest';
import { Secret } from '../src/index.js';
import { revealAll } from '../src/reveal.js';

describe('revealAll', () => {
  it('turns every Secret into its value, in objects and arrays at any depth, and copies the rest', () => {
    const sent = new Date(Date.UTC(2026, 0, 1));
    const params = {
      apiKey: new Secret('reveal-key-1f2e'),
      nested: { list: [new Secret('reveal-pin-3d4c'), 'plain', 7], none: null, off: false },
      sent,
    };
    const revealed = revealAll(params);
    expect(revealed).toEqual({
      apiKey: 'reveal-key-1f2e',
      nested: { list: ['reveal-pin-3d4c', 'plain', 7], none: null, off: false },
      sent,
    });
    expect(revealed.sent).toBe(sent); // a Date is a value, not an object to copy key by key
    expect(revealed.nested).not.toBe(params.nested); // the caller's objects are left as they were
    expect(params.nested.list[0]).toBeInstanceOf(Secret);
  });

  it('a value that is a Secret, a string or undefined comes back as text or as it is', () => {
    expect(revealAll(new Secret('reveal-alone-5b6a'))).toBe('reveal-alone-5b6a');
    expect(revealAll('plain')).toBe('plain');
    expect(revealAll(undefined)).toBeUndefined();
    expect(revealAll([new Secret('reveal-item-7a8b')])).toEqual(['reveal-item-7a8b']);
  });
});
