const REDACTED = '[REDACTED]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Raw values of every live secret, newest last; used to scrub text where errors are built. */
const knownSecrets = new Set<string>();
const MAX_KNOWN = 4096;
const MIN_SCRUB_LENGTH = 4;

/** Remember a raw secret value so that {@link scrub} removes it from any text. */
export function registerSecret(value: string): void {
  if (value.length < MIN_SCRUB_LENGTH) return;
  knownSecrets.delete(value);
  knownSecrets.add(value);
  if (knownSecrets.size > MAX_KNOWN) knownSecrets.delete(knownSecrets.values().next().value as string);
}

/** Replace every registered secret (raw or URL-encoded) in `text` with `[REDACTED]`. */
export function scrub(text: string): string {
  let out = text;
  for (const value of knownSecrets) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
    const encoded = encodeURIComponent(value);
    if (encoded !== value && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out;
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

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return `Secret(${REDACTED})`;
  }
}
