import { type EmulatorRequest, type Reply, xml } from '../reply.js';
import { escapeXml, parseEnvelope, SOAP11_NS } from './xml.js';

const ADDRESSING_NONE = 'http://schemas.microsoft.com/ws/2005/05/addressing/none';
const DISPATCHER = 'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher';

/**
 * WCF's `XmlDictionaryReaderQuotas.MaxDepth` default: elements nested deeper than 32 levels (the
 * Envelope is level 1) make the reader throw while the operation formatter reads the body.
 */
export const WCF_MAX_DEPTH = 32;
/** WCF's `maxReceivedMessageSize` default (64 KiB): a longer request is answered 413 with no body. */
export const WCF_MAX_RECEIVED_MESSAGE_SIZE = 65_536;
const TOO_DEEP = `The formatter threw an exception while trying to deserialize the message: The maximum read depth (${WCF_MAX_DEPTH}) has been exceeded because XML data being read has more levels of nesting than is allowed by the quota. This quota may be increased by changing the MaxDepth property on the XmlDictionaryReaderQuotas object used when creating the XML reader.`;

/** One operation of a WCF service: its request element and a handler that writes the response element. */
export interface WcfOperation {
  element: string;
  namespace: string;
  handle(body: Element, request: EmulatorRequest): string;
}

const envelope = (body: string) => `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body>${body}</s:Body></s:Envelope>`;
const fault = (namespace: string, code: string, text: string): Reply =>
  xml(
    500,
    envelope(
      `<s:Fault><faultcode xmlns:a="${namespace}">a:${code}</faultcode><faultstring xml:lang="en-US">${escapeXml(text)}</faultstring></s:Fault>`,
    ),
  );

/**
 * A SOAP 1.1 endpoint that behaves like a WCF `basicHttpBinding` service (`.svc`): it dispatches on
 * the SOAPAction header alone, answers an unknown or missing action with an `a:ActionNotSupported`
 * fault, a body that is not the action's element or nests deeper than {@link WCF_MAX_DEPTH} with
 * `a:DeserializationFailed`, a Content-Type other than `text/xml` with 415, and XML it cannot read (a DTD
 * included) with 400. `GET ?wsdl` / `?singleWsdl` serves the WSDL.
 */
export function wcfSoapEndpoint(options: {
  path: string;
  wsdl: string;
  /** SOAPAction → operation. */
  actions: Record<string, WcfOperation>;
}): (request: EmulatorRequest, origin: string) => Reply {
  return (request, origin) => {
    if (request.method === 'GET') {
      const keys = [...request.url.searchParams.keys()].map((k) => k.toLowerCase());
      if (keys.includes('wsdl') || keys.includes('singlewsdl')) {
        return xml(200, options.wsdl.replace(/location="[^"]*"/, `location="${origin}${options.path}"`));
      }
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=UTF-8' },
        body: `<html><head><title>Service</title></head><body><p>You have created a service.</p><p>svcutil.exe ${escapeXml(origin + options.path)}?wsdl</p></body></html>`,
      };
    }
    const type = String(request.headers['content-type'] ?? '');
    if (request.method !== 'POST' || !/^text\/xml\b/i.test(type)) {
      return { status: 415, headers: {}, body: '' };
    }
    const action = String(request.headers.soapaction ?? '').replace(/^"(.*)"$/, '$1');
    const operation = Object.hasOwn(options.actions, action) ? options.actions[action] : undefined;
    if (!operation) {
      return fault(
        ADDRESSING_NONE,
        'ActionNotSupported',
        `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check that sender and receiver have the same contract and same binding (including security requirements, e.g. Message, Transport, None).`,
      );
    }
    const parsed = parseEnvelope(request.body, WCF_MAX_DEPTH);
    // the reader quota is met while the formatter reads the body: a fault, not a refused message
    if (parsed === 'too-deep') return fault(DISPATCHER, 'DeserializationFailed', TOO_DEEP);
    // WCF's reader prohibits DTDs; either way the message cannot be read at all
    if (typeof parsed === 'string' || parsed.envelopeNs !== SOAP11_NS) {
      return { status: 400, headers: {}, body: '' };
    }
    const body = parsed.operation;
    if (!body || body.localName !== operation.element || body.namespaceURI !== operation.namespace) {
      return fault(
        DISPATCHER,
        'DeserializationFailed',
        `OperationFormatter encountered an invalid Message body. Expected to find node type 'Element' with name '${operation.element}' and namespace '${operation.namespace}'. Found node type 'Element' with name '${body?.localName ?? ''}' and namespace '${body?.namespaceURI ?? ''}'`,
      );
    }
    try {
      return xml(200, envelope(operation.handle(body, request)));
    } catch {
      return fault(
        DISPATCHER,
        'InternalServiceFault',
        'The server was unable to process the request due to an internal error.',
      );
    }
  };
}
