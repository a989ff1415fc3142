const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A deep copy of parsed data into plain objects, without keys that could reach a prototype
 * (`__proto__`, `constructor`, `prototype`). Only own enumerable keys are copied.
 */
export function safeCopy(value: unknown, depth = 0): unknown {
  if (depth > 64) return undefined;
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
