import { Secret } from './secret.js';

/** `T` with every {@link Secret} turned into its raw string. */
export type Revealed<T> = T extends Secret
  ? string
  : T extends readonly (infer U)[]
    ? Revealed<U>[]
    : T extends object
      ? { [K in keyof T]: Revealed<T[K]> }
      : T;

/** A copy of `value` with every {@link Secret} replaced by its raw value, right before sending. */
export function revealAll<T>(value: T): Revealed<T> {
  if (value instanceof Secret) return value.reveal() as Revealed<T>;
  if (Array.isArray(value)) return value.map(revealAll) as Revealed<T>;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value as Revealed<T>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = revealAll(item);
  return out as Revealed<T>;
}
