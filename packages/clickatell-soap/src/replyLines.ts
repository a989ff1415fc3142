import {
  AuthenticationError,
  ProtocolError,
  type ProviderError,
  parseReplyLine,
  type ReplyLine,
  ServiceError,
  TokenExpiredError,
} from '@x/core';
import { CLICKATELL_ERRORS, SESSION_LOST_CODES } from './contract.js';

export const PROVIDER = 'clickatell-soap';

/** Split `ID: abc To: 2799900001` (or `apiMsgId: x charge: 1 status: 004`) into its fields. */
export function parseFields(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const keys = [...line.matchAll(/(?:^|\s)([A-Za-z_]+):(?:\s+|$)/g)];
  keys.forEach((match, i) => {
    const start = match.index! + match[0].length;
    const end = i + 1 < keys.length ? keys[i + 1]!.index! : line.length;
    fields[match[1]!] = line.slice(start, end).trim();
  });
  return fields;
}

/**
 * The error for an `ERR:` answer, classed by the error table. On a command that carried a session ID
 * (`session`), the codes of {@link SESSION_LOST_CODES} mean the server dropped the session: a
 * {@link TokenExpiredError}, which makes the session manager re-auth once and retry once. An `ERR:`
 * line without a code is a {@link ServiceError} carrying the server's text.
 */
export function clickatellError(
  code: string | undefined,
  description: string,
  { session }: { session: boolean },
): ProviderError {
  const known = code === undefined ? undefined : CLICKATELL_ERRORS[code];
  const text = description || known?.description || 'Unknown error';
  const options = { provider: PROVIDER, code };
  if (session && code !== undefined && SESSION_LOST_CODES.includes(code)) {
    return new TokenExpiredError(`session no longer valid: ${text}`, options);
  }
  switch (known?.kind) {
    case 'credentials':
      return new AuthenticationError(text, options);
    case 'session':
      return new TokenExpiredError(text, options);
    case 'retryable':
      return new ServiceError(text, { ...options, retryable: true });
    case 'credit':
      return new ServiceError(`${text}: add credit to the account`, options);
    default:
      return new ServiceError(text, options);
  }
}

/** The lines of a SOAP `return`, one string or many. */
export function resultLines(result: unknown): string[] {
  const value = (result as { return?: unknown } | null)?.return;
  const lines = ([] as unknown[]).concat(value ?? []);
  if (lines.length === 0 || !lines.every((line) => typeof line === 'string')) {
    throw new ProtocolError('answer has no <return> text', { provider: PROVIDER });
  }
  return lines as string[];
}

/** A one-line answer that must be `OK: …`; an `ERR:` line becomes its error. */
export function expectOk(lines: string[], context: { session: boolean }): string {
  const reply = parseReplyLine(PROVIDER, lines[0]!);
  if (!reply.ok) throw clickatellError(reply.code, reply.description, context);
  return reply.value;
}

/**
 * An `ERR:` line as core's parser reads it (code, description, and any `To: …` after it in `rest`), or
 * `undefined` for any other line: Clickatell's data lines (`ID: …`, `Credit: …`) are read by
 * {@link parseFields} instead, so that no line goes through both.
 */
export function errLine(line: string): Extract<ReplyLine, { ok: false }> | undefined {
  if (!line.trimStart().startsWith('ERR:')) return undefined;
  const reply = parseReplyLine(PROVIDER, line);
  return reply.ok ? undefined : reply;
}

/** A whole answer that is one `ERR:` line (session gone, no credit…) becomes its error; else the lines. */
export function throwIfWholeError(lines: string[]): string[] {
  const error = lines.length === 1 ? errLine(lines[0]!) : undefined;
  if (error) throw clickatellError(error.code, error.description, { session: true });
  return lines;
}
