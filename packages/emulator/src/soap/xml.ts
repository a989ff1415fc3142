import { DOMParser } from '@xmldom/xmldom';
import { type XmlShape, xmlShape } from './xmlShape.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A parsed SOAP request: the envelope's namespace and the first element of its Body. */
export interface SoapRequestBody {
  envelopeNs: string;
  operation: Element | undefined;
}

/**
 * Parse a SOAP envelope whose elements nest at most `maxDepth` levels (the Envelope is level 1): the
 * depth is checked in one pass before a tree is built. `unreadable` when it is not well-formed XML with
 * an Envelope and a Body; `too-deep` and `doctype` as {@link xmlShape} finds them.
 */
export function parseEnvelope(text: string, maxDepth: number): SoapRequestBody | Exclude<XmlShape, 'ok'> {
  const shape = xmlShape(text, maxDepth);
  if (shape !== 'ok') return shape;
  let doc: Document;
  try {
    const fail = (message: string) => {
      throw new Error(message);
    };
    // xmldom expands no DTD entities; an unknown entity is an error here
    doc = new DOMParser({
      errorHandler: { warning: () => {}, error: fail, fatalError: fail },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch {
    return 'unreadable';
  }
  const envelope = doc.documentElement;
  if (envelope?.localName !== 'Envelope') return 'unreadable';
  const body = elements(envelope).find((e) => e.localName === 'Body');
  if (!body) return 'unreadable';
  return { envelopeNs: envelope.namespaceURI ?? '', operation: elements(body)[0] };
}

/** The element children of `node`. */
export function elements(node: Element): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) out.push(child as Element);
  }
  return out;
}

/** A request value as PHP's SoapServer hands it over: text, or an object of children (repeated ones as arrays). */
export type XmlValue = string | null | XmlFields;
export type XmlFields = { [name: string]: XmlValue | XmlValue[] };

/** `element` as a plain value, children keyed by local name (own keys only: `__proto__` stays data). */
export function xmlValue(element: Element): XmlValue {
  if (element.getAttributeNS(XSI_NS, 'nil') === 'true') return null;
  const children = elements(element);
  if (children.length === 0) return element.textContent ?? '';
  const value: XmlFields = Object.create(null);
  for (const child of children) {
    const name = child.localName ?? '';
    const item = xmlValue(child);
    const seen = value[name];
    // pushed, not copied: a copy per repeat made 200,000 repeated elements take minutes
    if (seen === undefined) value[name] = item;
    else if (Array.isArray(seen)) seen.push(item);
    else value[name] = [seen, item];
  }
  return value;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeXml = (text: string): string => text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);

/** A value to answer with: text, number, boolean, nested objects, arrays for repeated elements. */
export type AnswerValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | AnswerValue[]
  | { [name: string]: AnswerValue };

/** Serialize `value` as the children of an element (unqualified names, as PHP's SoapServer writes them). */
export function toXml(value: AnswerValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return escapeXml(String(value));
  return Object.entries(value as Record<string, AnswerValue>)
    .flatMap(([name, item]) => (Array.isArray(item) ? item : [item]).map((one) => [name, one] as const))
    .filter(([, one]) => one !== undefined && one !== null)
    .map(([name, one]) => `<${name}>${toXml(one)}</${name}>`)
    .join('');
}

/** The children of `element` as fields (an empty object for an empty or text-only element). */
export function fieldsOf(element: Element): XmlFields {
  const value = xmlValue(element);
  return value !== null && typeof value === 'object' ? value : Object.create(null);
}

/** The text of a field (the first, when repeated); `undefined` when absent or not text. */
export function text(value: XmlValue | XmlValue[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : undefined;
}

/** Every text of a repeated field. */
export function texts(value: XmlValue | XmlValue[] | undefined): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
