/** What a first pass over a document found, before any tree is built. */
export type XmlShape = 'ok' | 'too-deep' | 'unreadable' | 'doctype';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * One linear pass over `text` that counts element nesting without building anything, so that a hostile
 * document (100,000 levels in 700 KB) is refused in milliseconds instead of becoming a tree: `too-deep`
 * when an element opens more than `maxDepth` levels down (the root element is level 1), `doctype` when a
 * DOCTYPE is present (both SOAP servers we imitate refuse one), `unreadable` for what no XML parser would
 * take (a `<` in an attribute value, more end tags than start tags). Everything else is left to the parser;
 * `ok` says nothing about well-formedness. Comments, CDATA sections and processing instructions are
 * skipped, and attribute values may hold `>`.
 */
export function xmlShape(text: string, maxDepth: number): XmlShape {
  let depth = 0;
  let doctype = false;
  let at = text.indexOf('<');
  while (at !== -1) {
    const next = text.charCodeAt(at + 1);
    let end: number;
    if (next === SLASH) {
      if (--depth < 0) return 'unreadable';
      end = text.indexOf('>', at);
    } else if (next === QUESTION) {
      end = after(text, '?>', at);
    } else if (text.startsWith('<!--', at)) {
      end = after(text, '-->', at);
    } else if (text.startsWith('<![CDATA[', at)) {
      end = after(text, ']]>', at);
    } else if (next === BANG) {
      doctype = true;
      end = declarationEnd(text, at);
    } else {
      end = tagEnd(text, at);
      if (end === -2) return 'unreadable';
      if (end !== -1 && text.charCodeAt(end - 1) !== SLASH && ++depth > maxDepth) return 'too-deep';
    }
    if (end < 0) break; // unterminated: the parser will say so
    at = text.indexOf('<', end);
  }
  return doctype ? 'doctype' : 'ok';
}

/** Index of the last character of `marker` after `from`, or -1. */
function after(text: string, marker: string, from: number): number {
  const found = text.indexOf(marker, from + 2);
  return found === -1 ? -1 : found + marker.length - 1;
}

/** Index of the `>` closing the start tag at `from` (quoted values may hold `>`); -2 for a `<` inside a value. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === LT) return -2;
    } else if (c === QUOTE || c === APOSTROPHE) quote = c;
    else if (c === GT) return i;
  }
  return -1;
}

/** Index of the `>` closing a `<!DOCTYPE …>` (its internal subset in brackets, quoted strings skipped). */
function declarationEnd(text: string, from: number): number {
  let quote = 0;
  let brackets = 0;
  for (let i = from + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) quote = c;
    else if (c === OPEN_BRACKET) brackets++;
    else if (c === CLOSE_BRACKET) brackets--;
    else if (c === GT && brackets <= 0) return i;
  }
  return -1;
}
