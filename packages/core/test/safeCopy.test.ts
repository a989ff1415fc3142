// safeCopy: parsed answers copied into plain data that cannot reach a prototype, and that ends somewhere.
import { describe, expect, it } from 'vitest';
import { safeCopy } from '../src/index.js';

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
