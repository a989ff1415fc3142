const REDACTED = '[REDACTED]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Shorter values are not scrubbed: `abc` would redact half of every message. */
const MIN_SCRUB_LENGTH = 4;
/**
 * Forms up to this length go into one regular expression. V8 refuses a literal of 32,768 characters or
 * more ("Regular expression too large"), and compiling an alternation costs about a microsecond per
 * character, so longer forms are found with plain string search instead.
 */
const MAX_PATTERN_FORM = 256;

/** The text forms a value may take in a message, and how many holders registered it. */
interface Registered {
  holders: number;
  forms: readonly string[];
}

/**
 * Registered secrets, newest last. Past `maxCount` secrets or `maxChars` characters of forms, the oldest
 * is forgotten first. `forms()` (longest first) and `matcher()` are built again only after a change.
 */
class SecretPool {
  readonly #secrets = new Map<string, Registered>();
  #chars = 0;
  #forms: readonly string[] | undefined;
  #matcher: RegExp | undefined;
  readonly maxCount: number;
  readonly maxChars: number;

  // plain fields, not parameter properties: Node runs this file as it is (type stripping only)
  constructor(maxCount: number, maxChars: number) {
    this.maxCount = maxCount;
    this.maxChars = maxChars;
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** One more holder of a value already here, which becomes the newest; false when it is not here. */
  touch(value: string): boolean {
    const known = this.#secrets.get(value);
    if (!known) return false;
    known.holders++;
    this.#secrets.delete(value);
    this.#secrets.set(value, known); // the forms are unchanged
    return true;
  }

  add(value: string, forms: readonly string[]): void {
    this.#secrets.set(value, { holders: 1, forms });
    this.#chars += charsOf(forms);
    while (this.#secrets.size > this.maxCount || this.#chars > this.maxChars) {
      this.#remove(this.#secrets.keys().next().value as string);
    }
    this.#changed();
  }

  /** One holder fewer; at none, the value is forgotten. False when it is not here. */
  forget(value: string): boolean {
    const known = this.#secrets.get(value);
    if (!known) return false;
    if (--known.holders === 0) this.#remove(value);
    // equivalent mutant: `false` only makes forgetSecret ask the other pool too (see there)
    return true;
  }

  forms(): readonly string[] {
    this.#forms ??= [...this.#secrets.values()].flatMap((s) => s.forms).sort((a, b) => b.length - a.length);
    return this.#forms;
  }

  /** The forms as one alternation, longest first so that longer forms win where forms overlap. */
  matcher(): RegExp {
    this.#matcher ??= new RegExp(this.forms().map(escapeRegExp).join('|'), 'g');
    return this.#matcher;
  }

  #remove(value: string): void {
    this.#chars -= charsOf(this.#secrets.get(value)!.forms);
    this.#secrets.delete(value);
    this.#changed();
  }

  /**
   * Dropped at once, not when the next message is scrubbed (which may never come): a forgotten value must
   * not live on inside an old list or expression, where a heap snapshot would still show it.
   */
  #changed(): void {
    this.#forms = undefined;
    this.#matcher = undefined;
  }
}

const charsOf = (forms: readonly string[]) => forms.reduce((sum, form) => sum + form.length, 0);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Secrets whose forms fit in the regular expression: at most 4,096 of them and 512 Ki characters of forms,
 * which bounds the cost of building it. Longer secrets (any length) have a pool of their own, so that long
 * tokens can never push a short password out: at most 16.
 */
const shortSecrets = new SecretPool(4_096, 512 * 1024);
const longSecrets = new SecretPool(16, Number.POSITIVE_INFINITY);

/**
 * Remember a raw secret value so that {@link scrub} removes it from any text. Any length is accepted and
 * nothing here throws. Each registration counts: a value registered twice stays until forgotten twice.
 */
export function registerSecret(value: string): void {
  if (typeof value !== 'string' || value.length < MIN_SCRUB_LENGTH) return;
  if (shortSecrets.touch(value) || longSecrets.touch(value)) return;
  const forms = formsOf(value);
  (forms.some((form) => form.length > MAX_PATTERN_FORM) ? longSecrets : shortSecrets).add(value, forms);
}

/** Forget a secret that can no longer be used (an expired or dropped token), once per registration. */
export function forgetSecret(value: string): void {
  // equivalent mutant: `if (true)`: a value is in one pool at most, so the other has nothing to forget
  if (!shortSecrets.forget(value)) longSecrets.forget(value);
}

/** The raw value, `encodeURIComponent`'s form and the form of a URL query (`+` for space, `!'()~` encoded). */
function formsOf(value: string): readonly string[] {
  const forms = new Set([value]);
  try {
    forms.add(encodeURIComponent(value));
    forms.add(new URLSearchParams([['', value]]).toString().slice(1));
  } catch {
    // a lone surrogate cannot be URL-encoded, so it cannot appear encoded either
  }
  return [...forms];
}

/**
 * Replace every registered secret (raw, URL-encoded or form-encoded) in `text` with `[REDACTED]`: long
 * secrets by plain search (no size limit), then one pass of one regular expression for the short ones.
 */
export function scrub(text: string): string {
  for (const form of longSecrets.forms()) {
    // a form longer than the text cannot be in it: a 5 MB key costs one comparison per message
    // (equivalent mutants: `true` or `||` for this test split the text on a form it lacks, which gives it back)
    if (form.length <= text.length && text.includes(form)) text = text.split(form).join(REDACTED);
  }
  return shortSecrets.size === 0 ? text : text.replace(shortSecrets.matcher(), REDACTED);
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
