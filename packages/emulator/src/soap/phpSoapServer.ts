import { type EmulatorRequest, type Reply, xml } from '../reply.js';
import {
  type AnswerValue,
  escapeXml,
  fieldsOf,
  parseEnvelope,
  SOAP11_NS,
  SOAP12_NS,
  toXml,
  type XmlFields,
} from './xml.js';

/**
 * The deepest element nesting PHP's SoapServer reads (the Envelope is level 1): libxml2 parses SOAP
 * with XML_PARSE_HUGE, which allows 2,048 open ancestors. Measured with PHP 8.2 and libxml2 2.9.14:
 * 2,049 levels are read, 2,050 are a `SOAP-ENV:Client` "Bad Request".
 */
export const PHP_MAX_DEPTH = 2049;

/** An operation's handler: the request element's children in, the response element's children out. */
export type PhpOperation = (args: XmlFields, request: EmulatorRequest) => AnswerValue;

/**
 * A SOAP 1.1 endpoint that behaves like PHP's `SoapServer` (Clickatell's `webservice.php`, Recite's
 * web services): the operation is the first element of the Body, whatever the SOAPAction header says,
 * and it must be in the service namespace (an unqualified `<auth>`, as a careless SOAP::Lite client sends
 * it, is a procedure PHP does not have); the answer is `<ns1:{operation}Response>` in the service
 * namespace with unqualified children; every failure is a SOAP 1.1 Fault (`faultcode`, `faultstring`)
 * with HTTP 500, in PHP's own words, and never carries our internals. `GET ?wsdl` serves the WSDL
 * pointing at this endpoint.
 */
export function phpSoapEndpoint(options: {
  path: string;
  wsdl: string;
  namespace: string;
  operations: Record<string, PhpOperation>;
}): (request: EmulatorRequest, origin: string) => Reply {
  const envelope = (body: string, ns = '') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11_NS}"${ns}><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>\n`;
  const fault = (code: 'Client' | 'Server' | 'VersionMismatch', text: string): Reply =>
    xml(
      500,
      envelope(
        `<SOAP-ENV:Fault><faultcode>SOAP-ENV:${code}</faultcode><faultstring>${escapeXml(text)}</faultstring></SOAP-ENV:Fault>`,
      ),
    );

  return (request, origin) => {
    if (request.method === 'GET') {
      return xml(200, options.wsdl.replace(/location="[^"]*"/, `location="${origin}${options.path}"`));
    }
    if (request.method !== 'POST') return fault('Client', 'Bad Request');
    const parsed = parseEnvelope(request.body, PHP_MAX_DEPTH);
    // libxml2 refuses the document (too deep, not XML) before PHP looks at it
    if (parsed === 'unreadable' || parsed === 'too-deep') return fault('Client', 'Bad Request');
    if (parsed === 'doctype') return fault('Server', 'DTD are not supported by SOAP');
    if (parsed.envelopeNs !== SOAP11_NS && parsed.envelopeNs !== SOAP12_NS) {
      return fault('VersionMismatch', 'Wrong Version');
    }
    const { operation } = parsed;
    if (!operation) return fault('Client', 'looks like we got "Body" without function call');
    // document/literal: PHP finds the operation by its input element, local name and namespace both
    const name = operation.localName ?? '';
    if (operation.namespaceURI !== options.namespace || !Object.hasOwn(options.operations, name)) {
      return fault('Server', `Procedure '${name}' not present`);
    }
    let answer: AnswerValue;
    try {
      answer = options.operations[name]!(fieldsOf(operation), request);
    } catch {
      return fault('Server', 'Internal Server Error');
    }
    return xml(
      200,
      envelope(
        `<ns1:${name}Response>${toXml(answer)}</ns1:${name}Response>`,
        ` xmlns:ns1="${options.namespace}"`,
      ),
    );
  };
}
