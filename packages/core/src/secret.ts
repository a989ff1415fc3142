const REDACTED = '[REDACTED]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Every live secret, newest last, with the forms it may take in text (raw and URL-encoded), computed
 * once when registered. At most {@link MAX_KNOWN}: the oldest is forgotten first.
 */
const knownSecrets = new Map<string, readonly string[]>();
const MAX_KNOWN = 4096;
const MIN_SCRUB_LENGTH = 4;
/** One matcher for every form of every secret, rebuilt on the first scrub after a change. */
let matcher: RegExp | undefined;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Remember a raw secret value so that {@link scrub} removes it from any text. */
export function registerSecret(value: string): void {
  if (value.length < MIN_SCRUB_LENGTH) return;
  if (knownSecrets.delete(value)) {
    knownSecrets.set(value, formsOf(value)); // newest again; the matcher is unchanged
    return;
  }
  knownSecrets.set(value, formsOf(value));
  if (knownSecrets.size > MAX_KNOWN) knownSecrets.delete(knownSecrets.keys().next().value as string);
  matcher = undefined;
}

/** Forget a secret that can no longer be used (an expired or dropped token). */
export function forgetSecret(value: string): void {
  if (knownSecrets.delete(value)) matcher = undefined;
}

function formsOf(value: string): readonly string[] {
  const encoded = encodeURIComponent(value);
  return encoded === value ? [value] : [value, encoded];
}

/**
 * Replace every registered secret (raw or URL-encoded) in `text` with `[REDACTED]`. One pass of one
 * regular expression, whatever the number of secrets; longer forms win where forms overlap.
 */
export function scrub(text: string): string {
  if (knownSecrets.size === 0) return text;
  matcher ??= new RegExp(
    [...knownSecrets.values()]
      .flat()
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return text.replace(matcher, REDACTED);
}

/**
 * A password, API key, session ID or token. It prints as `[REDACTED]` everywhere
 * (`String()`, template literals, `JSON.stringify`, `util.inspect`); only {@link Secret.reveal} gives the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    registerSecret(value);
  }

  /** Wrap a string, or pass a Secret through unchanged. */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }

  /** The raw value: send it, never print it. */
  reveal(): string {
    return this.#value;
  }

  /** Always `[REDACTED]`, so string conversion and template literals never print the value. */
  toString(): string {
    return REDACTED;
  }

  /** Always `[REDACTED]`, so `JSON.stringify` never writes the value. */
  toJSON(): string {
    return REDACTED;
  }

  /** `Secret([REDACTED])` in `util.inspect` and `console.log`. */
  [inspectSymbol](): string {
    return `Secret(${REDACTED})`;
  }
}
