/** What a secret value is; its placeholder has a shape the SDK accepts for that kind. */
export type SecretKind =
  | 'api-id'
  | 'user'
  | 'password'
  | 'session'
  | 'token'
  | 'key'
  | 'phone'
  | 'account'
  | 'host'
  /** Not a secret: an ID the service makes up on every call (message, challenge, ticket). */
  | 'id';

/** Shorter values are not replaced: two characters would match inside every XML tag. */
const SHORTEST = 3;

/** The placeholder of the `n`th value of a kind (1-based), shaped like the value so that the SDK accepts it. */
function placeholderFor(kind: SecretKind, n: number, value: string): string {
  switch (kind) {
    case 'api-id':
      return `${9_000_000 + n}`; // Clickatell's API ID is digits
    case 'session':
      return `5e55${String(n).padStart(28, '0')}`; // 32 hex digits, as Clickatell's
    case 'phone': {
      // as many digits as the number: each service checks the length
      const digits = String(n);
      return `555${'0'.repeat(Math.max(0, value.length - 3 - digits.length))}${digits}`;
    }
    case 'host':
      return `live-site-${n}.example`;
    default:
      return `live-${kind}-${n}`;
  }
}

/** The ways a value appears on the wire: as is, URL-encoded (both kinds), XML-escaped, JSON-escaped. */
function spellings(value: string): string[] {
  const xml = value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      xml,
      xml.replaceAll('&apos;', "'").replaceAll('&quot;', '"'),
      JSON.stringify(value).slice(1, -1),
    ]),
  ];
}

/**
 * Stable placeholders for the secrets of one recording: the first session ID is always
 * `5e55…01`, the first user `live-user-1`, whatever the real values were, so that two recordings of the
 * same calls (one live, one on the emulator) compare line by line.
 */
export class Placeholders {
  readonly #byValue = new Map<string, string>();
  readonly #counts = new Map<SecretKind, number>();

  /** The placeholder of `value` (a new one the first time it is seen). */
  add(value: string, kind: SecretKind): string {
    const known = this.#byValue.get(value);
    if (known !== undefined || value.length < SHORTEST) return known ?? value;
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    const placeholder = placeholderFor(kind, n, value);
    this.#byValue.set(value, placeholder);
    return placeholder;
  }

  /** Every value registered so far (the canary list: none of them may be written down). */
  values(): string[] {
    return [...this.#byValue.keys()];
  }

  /** `text` with every spelling of every registered value replaced, longest values first. */
  apply(text: string): string {
    const values = [...this.#byValue.keys()].sort((a, b) => b.length - a.length);
    for (const value of values) {
      const placeholder = this.#byValue.get(value)!;
      for (const spelled of spellings(value)) text = text.replaceAll(spelled, placeholder);
    }
    return text;
  }

  /** A JSON value with `apply` done to every string in it (keys included). */
  applyDeep<T>(value: T): T {
    return JSON.parse(this.apply(JSON.stringify(value ?? null))) as T;
  }
}
