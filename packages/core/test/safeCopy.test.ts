// safeCopy: parsed answers copied into plain data that cannot reach a prototype, and that ends somewhere;
// parseJsonSafely: the same result from JSON text, skipping the copy only where it could change nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeCopy } from '../src/index.js';
import { parseJsonSafely } from '../src/safeCopy.js';

/** `{ a: { a: … { a: end } } }`, `levels` objects deep. */
function nested(levels: number, end: unknown): unknown {
  let value = end;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('safeCopy', () => {
  it('drops keys that reach prototypes', () => {
    const parsed = JSON.parse('{"a":{"__proto__":{"x":1},"prototype":2,"b":[{"constructor":3,"c":4}]}}');
    const copy = safeCopy(parsed) as Record<string, unknown>;
    expect(copy).toEqual({ a: { b: [{ c: 4 }] } });
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype);
  });

  it('copies objects, arrays and dates; values pass as they are', () => {
    const when = new Date(Date.UTC(2026, 0, 1));
    const parsed = { list: [1, 'two', null, { three: true }], when, none: undefined };
    const copy = safeCopy(parsed) as typeof parsed;
    expect(copy).toEqual(parsed);
    expect(copy.list).not.toBe(parsed.list);
    expect(copy.list[3]).not.toBe(parsed.list[3]);
    expect(copy.when).not.toBe(when);
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when.getTime()).toBe(when.getTime());
    expect([safeCopy('text'), safeCopy(0), safeCopy(null)]).toEqual(['text', 0, null]);
  });

  it('copies 64 levels deep; below that, a hostile nesting is cut off', () => {
    expect(safeCopy(nested(64, 'end'))).toStrictEqual(nested(64, 'end'));
    expect(safeCopy(nested(65, 'end'))).toStrictEqual(nested(65, undefined));
    // arrays count as levels too: the fourth array down from level 62 is at 65
    expect(safeCopy([[[['end']]]], 62)).toStrictEqual([[[undefined]]]);
  });
});

/** Arbitrary JSON text from a seeded generator: nesting, forbidden names (plain and escaped), brackets in strings. */
function arbitraryJson(seed: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
  const names = ['a', '__proto__', 'constructor', 'prototype', '\\u005f_proto__', 'x[{', 'b'];
  const value = (depth: number): string => {
    const pick = depth > 70 ? 3 : next(6);
    if (pick === 0) return `[${Array.from({ length: next(3) }, () => value(depth + 1)).join(',')}]`;
    if (pick === 1 || pick === 5) {
      const keys = Array.from({ length: next(3) + 1 }, () => names[next(names.length)]);
      return `{${keys.map((k) => `"${k}":${value(depth + 1)}`).join(',')}}`;
    }
    return ['1', '"s{["', 'null', 'true'][next(4)]!;
  };
  return value(0);
}

describe('parseJsonSafely', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives what safeCopy(JSON.parse(text)) gives, for 2,000 arbitrary texts', () => {
    for (let seed = 1; seed <= 2_000; seed++) {
      const text = arbitraryJson(seed);
      expect(parseJsonSafely(text), text).toStrictEqual(safeCopy(JSON.parse(text)));
    }
  });

  it('drops forbidden keys, plain or spelled with escapes, and cuts nesting past 64 levels', () => {
    const escaped = parseJsonSafely('{"\\u005f_proto__":{"polluted":true},"ok":1}') as object;
    expect(escaped).toStrictEqual({ ok: 1 });
    expect(Object.getPrototypeOf(escaped)).toBe(Object.prototype);
    expect(parseJsonSafely('{"constructor":{"prototype":1},"b":2}')).toStrictEqual({ b: 2 });
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}"end"${'}'.repeat(levels)}`;
    expect(parseJsonSafely(deep(64))).toStrictEqual(nested(64, 'end'));
    expect(parseJsonSafely(deep(65))).toStrictEqual(nested(65, undefined));
  });

  it('hands back what JSON.parse made when the copy could change nothing; throws as JSON.parse does', () => {
    const text = '{"SendMessageResult":{"Result":true,"List":[{"n":1},{"n":2}]}}';
    const parsed = JSON.parse(text);
    vi.spyOn(JSON, 'parse').mockReturnValueOnce(parsed);
    expect(parseJsonSafely(text)).toBe(parsed);
    // one forbidden name anywhere, even inside a string, and the copy is made
    vi.spyOn(JSON, 'parse').mockReturnValueOnce(parsed);
    expect(parseJsonSafely(text.replace('List', 'prototype'))).not.toBe(parsed);
    expect(() => parseJsonSafely('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonSafely('')).toThrow(SyntaxError);
  });
});
