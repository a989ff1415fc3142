const REDACTED = '[REDACTED]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Shorter values are not scrubbed: `abc` would redact half of every message. */
const MIN_SCRUB_LENGTH = 4;
/**
 * Forms up to this length go into one regular expression. V8 refuses a literal of 32,768 characters or
 * more ("Regular expression too large"), so longer forms are found with plain string search instead.
 */
const MAX_PATTERN_FORM = 1_024;
/** Secrets whose forms all fit in the regular expression; the oldest is forgotten first. */
const MAX_SHORT = 4_096;
/** Secrets with a longer form (any length); the oldest is forgotten first, and never a short one. */
const MAX_LONG = 16;

interface Registered {
  /** How many holders registered the value and have not forgotten it yet. */
  holders: number;
  /** The text forms the value may take in a message: raw, URL-encoded, form-encoded. */
  forms: readonly string[];
}

/** Live secrets, newest last, in two pools so that long tokens can never push short secrets out. */
const shortSecrets = new Map<string, Registered>();
const longSecrets = new Map<string, Registered>();
/** One matcher for every short form, rebuilt on the first scrub after a change. */
let matcher: RegExp | undefined;
/** Every long form, longest first, rebuilt on the first scrub after a change. */
let longForms: readonly string[] | undefined;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remember a raw secret value so that {@link scrub} removes it from any text. Any length is accepted and
 * nothing here throws. Each registration counts: a value registered twice stays until forgotten twice.
 */
export function registerSecret(value: string): void {
  if (typeof value !== 'string' || value.length < MIN_SCRUB_LENGTH) return;
  for (const pool of [shortSecrets, longSecrets]) {
    const known = pool.get(value);
    if (!known) continue;
    known.holders++;
    pool.delete(value);
    pool.set(value, known); // newest again, last to be forgotten; the matcher is unchanged
    return;
  }
  const forms = formsOf(value);
  const long = forms.some((form) => form.length > MAX_PATTERN_FORM);
  const pool = long ? longSecrets : shortSecrets;
  pool.set(value, { holders: 1, forms });
  if (pool.size > (long ? MAX_LONG : MAX_SHORT)) pool.delete(pool.keys().next().value as string);
  if (long) longForms = undefined;
  else matcher = undefined;
}

/** Forget a secret that can no longer be used (an expired or dropped token), once per registration. */
export function forgetSecret(value: string): void {
  for (const pool of [shortSecrets, longSecrets]) {
    const known = pool.get(value);
    if (!known) continue;
    if (--known.holders > 0) return;
    pool.delete(value);
    if (pool === longSecrets) longForms = undefined;
    else matcher = undefined;
    return;
  }
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

const byLengthDescending = (a: string, b: string) => b.length - a.length;

/** The short forms as one alternation, longest first so that longer forms win where forms overlap. */
function shortMatcher(): RegExp | undefined {
  if (shortSecrets.size === 0) return undefined;
  const forms = [...shortSecrets.values()].flatMap((s) => s.forms).sort(byLengthDescending);
  // every form is at most MAX_PATTERN_FORM long, far below V8's limit
  return new RegExp(forms.map(escapeRegExp).join('|'), 'g');
}

/**
 * Replace every registered secret (raw, URL-encoded or form-encoded) in `text` with `[REDACTED]`: long
 * secrets by plain search (no size limit), then one pass of one regular expression for the short ones.
 */
export function scrub(text: string): string {
  if (longSecrets.size > 0) {
    longForms ??= [...longSecrets.values()].flatMap((s) => s.forms).sort(byLengthDescending);
    for (const form of longForms) {
      // a form longer than the text cannot be in it: a 5 MB key costs one comparison per message
      if (form.length <= text.length && text.includes(form)) text = text.split(form).join(REDACTED);
    }
  }
  if (shortSecrets.size === 0) return text;
  matcher ??= shortMatcher();
  return matcher ? text.replace(matcher, REDACTED) : text;
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
