const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** How deep {@link safeCopy} copies; a value below is cut off. */
const MAX_DEPTH = 64;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * A deep copy of parsed data into plain objects, without keys that could reach a prototype
 * (`__proto__`, `constructor`, `prototype`). Only own enumerable keys are copied.
 */
export function safeCopy(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((item) => safeCopy(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) continue;
    out[key] = safeCopy((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/**
 * `safeCopy(JSON.parse(text))`, without the copy when it could change nothing: when the text names no
 * forbidden key (not even spelled with `\u` escapes) and opens at most 64 objects and arrays in all, so that no
 * value lies deeper than the copy keeps. Brackets inside strings count too: a text that merely might need
 * the copy gets it. Throws as `JSON.parse` does.
 */
export function parseJsonSafely(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  return mayNeedCopy(text) ? safeCopy(parsed) : parsed;
}

function mayNeedCopy(text: string): boolean {
  if (text.includes('\\u')) return true;
  for (const key of FORBIDDEN) if (text.includes(key)) return true;
  let opened = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code === OPEN_BRACE || code === OPEN_BRACKET) && ++opened > MAX_DEPTH) return true;
  }
  return false;
}
