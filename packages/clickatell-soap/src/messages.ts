import { ProtocolError, type ReplyLine } from '@x/core';
import { clickatellError, errLine, PROVIDER, parseFields } from './replyLines.js';

/**
 * Parameters of a raw command: one string (or number) per field, an array for a repeated one (`to`).
 * @inline
 */
export type CommandParams = Record<string, string | number | readonly string[]>;

/** One message for {@link ClickatellSoapClient.sendMessage}. */
export interface SendMessageInput {
  /** One MSISDN or up to 300, international format, digits only. */
  to: string | string[];
  /** The message text. */
  text: string;
  /** The sender ID (source address) the recipient sees. */
  from?: string;
}

/** One recipient's outcome: an API message ID, or the error Clickatell gave for that number. */
export type SendResult =
  | {
      /** The recipient's number. */
      to: string;
      /** Clickatell's ID of the message to this recipient, for `queryMessage`. */
      apiMessageId: string;
    }
  | {
      /** The recipient's number. */
      to: string;
      /** Why this recipient was refused (from Clickatell's error table). */
      error: Error;
    };

/** A message's delivery status, from {@link ClickatellSoapClient.queryMessage}. */
export interface MessageStatus {
  /** The message's API message ID, as Clickatell echoes it. */
  apiMessageId: string;
  /** Clickatell's delivery status code, e.g. `'004'`. */
  status: string;
}

/** Whether Clickatell routes messages to a number, with its text (and charge, when routed). */
export interface RouteCoverage {
  /** True when Clickatell routes messages to the number's prefix. */
  supported: boolean;
  /** Credits per message, when Clickatell says. */
  charge?: number;
  /** Clickatell's own words. */
  description: string;
}

/** The `sendmsg` answer line of the `index`th of `to`: `ID: …` (with `To: …` for several) or `ERR: …`. */
export function sendResult(line: string, index: number, to: readonly string[]): SendResult {
  const recipient = (fields: Record<string, string>) => fields.To ?? to[index] ?? to[0]!;
  const refused = errLine(line);
  if (refused) {
    const error = clickatellError(refused.code, refused.description, { session: false });
    return { to: recipient(parseFields(refused.rest)), error };
  }
  const fields = parseFields(line);
  if (fields.ID) return { to: recipient(fields), apiMessageId: fields.ID };
  return {
    to: recipient(fields),
    error: new ProtocolError('sendmsg line has no ID', { provider: PROVIDER }),
  };
}

/** The `querymsg` answer `ID: … Status: …`. */
export function messageStatus(line: string, apiMessageId: string): MessageStatus {
  const fields = parseFields(line);
  if (!fields.Status) throw new ProtocolError('querymsg answered without "Status:"', { provider: PROVIDER });
  return { apiMessageId: fields.ID ?? apiMessageId, status: fields.Status };
}

/** The `routecoverage` answer: `OK: … Charge: 1`, or the code-less `ERR:` that means "no route". */
export function routeCoverage(reply: ReplyLine): RouteCoverage {
  if (!reply.ok) return { supported: false, description: reply.description };
  const charge = Number(parseFields(reply.value).Charge);
  return { supported: true, description: reply.value, ...(Number.isFinite(charge) ? { charge } : {}) };
}

/** The `getbalance` answer `Credit: 12.500`. */
export function balance(line: string): number {
  const credit = Number(parseFields(line).Credit);
  if (!Number.isFinite(credit))
    throw new ProtocolError('getbalance answered without "Credit:"', { provider: PROVIDER });
  return credit;
}
