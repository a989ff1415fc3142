import { ProtocolError } from './errors.js';

/** One `OK: <value>` or `ERR: <code>, <description>` line, as Clickatell-style services answer. */
export type ReplyLine =
  | {
      /** An `OK:` line. */
      readonly ok: true;
      /** The text after `OK:`, trimmed (may be empty). */
      readonly value: string;
    }
  | {
      /** An `ERR:` line. */
      readonly ok: false;
      /** The numeric code; `undefined` for an `ERR:` line that carries only text. */
      readonly code: string | undefined;
      /** The text after the code, e.g. `Authentication failed`. */
      readonly description: string;
      /** Key/value parts after the description, e.g. `To: 2799900001`; empty when there are none. */
      readonly rest: string;
    };

// equivalent mutants: without `$`, `(.*)` under the `s` flag still takes the rest of the line (here and below)
const OK_LINE = /^OK:\s*(.*)$/s;
// a description may be followed by extra key/value parts such as ` To: 2799900001`
const ERR_LINE = /^ERR:\s*(\d{1,4})\s*(?:,\s*(.*))?$/s;
// Clickatell also answers `ERR: <text>` with no code (captured: an unsupported route prefix)
const TEXT_ERR_LINE = /^ERR:\s*([^\d\s].*)$/s;

/**
 * The one parser of `OK:` / `ERR:` lines. An `OK:` line need not carry a value (ping answers `OK: `);
 * an `ERR:` line need not carry a code.
 * Anything else is a {@link ProtocolError}.
 */
export function parseReplyLine(provider: string, line: string): ReplyLine {
  // the parts need no trimming of their own: the line is trimmed, and each pattern eats the spaces before its group
  const text = line.trim();
  const ok = OK_LINE.exec(text);
  if (ok) return { ok: true, value: ok[1]! };
  const err = ERR_LINE.exec(text);
  if (err) {
    const tail = err[2] ?? '';
    // equivalent mutants: `at <= 0` below differs only at 0, and `tail` never starts with a space
    const at = tail.search(/\s+[A-Za-z]+:\s/);
    const description = at < 0 ? tail : tail.slice(0, at);
    const rest = at < 0 ? '' : tail.slice(at).trim();
    return { ok: false, code: err[1]!, description, rest };
  }
  const textErr = TEXT_ERR_LINE.exec(text);
  if (textErr) return { ok: false, code: undefined, description: textErr[1]!, rest: '' };
  throw new ProtocolError(`answer is neither "OK:" nor "ERR:" (${describeText(text)})`, { provider });
}

/** A short, safe description of unexpected text for error messages: its length, never its content. */
function describeText(text: string): string {
  return `${text.length} characters`;
}
