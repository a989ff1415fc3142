import type { ProxiedExchange } from '@x/core/testing';
import type { SecretValue } from '../serviceCheck.ts';
import type { SecretKind } from './placeholders.ts';

/** Names of XML elements, JSON fields and query fields that hold a secret, and what each one holds. */
const NAMED: [RegExp, SecretKind][] = [
  [/session_?id/i, 'session'],
  [/^api_?id$/i, 'api-id'],
  [/^(user|username)$/i, 'user'],
  [/pass(word)?$/i, 'password'],
  [/^api_?key$/i, 'key'],
  [/token/i, 'token'],
  // not secrets, but new on every call: placeholders let a recording and the emulator's compare
  [/^(apiRequestId|apiMessageId|apimsgid|TransactionTicket)$/i, 'id'],
];
const kindOf = (name: string): SecretKind | undefined => NAMED.find(([pattern]) => pattern.test(name))?.[1];

const XML_TEXT = /<(?:[\w-]+:)?([\w-]+)(?:\s[^>]*)?>([^<]+)<\/(?:[\w-]+:)?\1>/g;
const JSON_STRING = /"([\w-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
/** Clickatell answers `auth` with `OK: <session ID>` in an element with no telling name. */
const CLICKATELL_SESSION = /<(?:[\w-]+:)?authResponse\b[\s\S]*?OK:\s*([0-9a-fA-F]{8,64})/g;
/** Clickatell's message IDs in `ID: <id>` and `apiMsgId: <id>` lines. */
const CLICKATELL_MESSAGE_ID = /\b(?:ID|apiMsgId):\s*(\w{8,})/g;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
/** XML text as the value it stands for (a password with `&` is sent as `&amp;`). */
const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (whole, name: string) =>
    name.startsWith('#')
      ? String.fromCodePoint(Number(name[1] === 'x' || name[1] === 'X' ? `0${name.slice(1)}` : name.slice(1)))
      : (ENTITIES[name.toLowerCase()] ?? whole),
  );

function inText(text: string): SecretValue[] {
  const found: SecretValue[] = [];
  for (const [, name, value] of text.matchAll(XML_TEXT)) {
    const kind = kindOf(name!);
    if (kind) found.push([unescapeXml(value!.trim()), kind]);
  }
  for (const [, name, value] of text.matchAll(JSON_STRING)) {
    const kind = kindOf(name!);
    if (kind) found.push([JSON.parse(`"${value}"`) as string, kind]);
  }
  for (const [, session] of text.matchAll(CLICKATELL_SESSION)) found.push([session!, 'session']);
  for (const [, id] of text.matchAll(CLICKATELL_MESSAGE_ID)) found.push([id!, 'id']);
  return found;
}

/** Cookie values of `cookie` and `set-cookie` headers (`a=1; Path=/, b=2`). */
function cookieValues(header: string | undefined): SecretValue[] {
  if (!header) return [];
  return [...header.matchAll(/(?:^|[;,]\s*)([^=;,\s]+)=([^;,]*)/g)]
    .filter(([, name]) => !/^(path|domain|expires|max-age|samesite)$/i.test(name!))
    .map(([, , value]) => [value!, 'token'] as SecretValue);
}

/**
 * Secrets an exchange carries that no SDK call handed back: a session or token in a re-auth's answer,
 * the `Authorization` header, cookies, query fields, and every element or field whose name says secret.
 */
export function discoverSecrets(exchange: ProxiedExchange): SecretValue[] {
  const { request, answer } = exchange;
  const headers = request.headers as Record<string, string | undefined>;
  const query = new URL(request.url, 'http://x').searchParams;
  return [
    ...inText(request.body),
    ...inText(answer?.body ?? ''),
    ...[...query].flatMap(([name, value]) => (kindOf(name) ? [[value, kindOf(name)!] as SecretValue] : [])),
    ...(headers.authorization
      ? [[headers.authorization.replace(/^\w+\s+/, ''), 'token'] as SecretValue]
      : []),
    ...cookieValues(headers.cookie),
    ...cookieValues(answer?.headers?.['set-cookie']),
  ];
}
