// A one-operation SOAP service (`echo`) for transport tests: its WSDL, the envelope that answers a request,
// and a transport for it on a loopback server.
import { SoapTransport, type SoapTransportOptions } from '../src/soap/index.js';
import type { Handler } from './loopback.js';

export const NS = 'http://example.com/echo';
export const WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${NS}" targetNamespace="${NS}">
  <types><xsd:schema targetNamespace="${NS}">
    <xsd:element name="echo"><xsd:complexType><xsd:sequence><xsd:element name="text" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="echoResponse"><xsd:complexType><xsd:sequence><xsd:element name="return" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
  </xsd:schema></types>
  <message name="echoIn"><part name="parameters" element="tns:echo"/></message>
  <message name="echoOut"><part name="parameters" element="tns:echoResponse"/></message>
  <portType name="EchoPort"><operation name="echo"><input message="tns:echoIn"/><output message="tns:echoOut"/></operation></portType>
  <binding name="EchoBinding" type="tns:EchoPort"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="echo"><soap:operation soapAction="${NS}#echo"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <service name="EchoService"><port name="EchoPort" binding="tns:EchoBinding"><soap:address location="http://example.invalid/echo"/></port></service>
</definitions>`;

export const SOAP_REPLY = (body: string) => {
  const text = /<text>([\s\S]*?)<\/text>/.exec(body)?.[1] ?? '';
  return `<?xml version="1.0"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><e:echoResponse xmlns:e="${NS}"><return>${text}</return></e:echoResponse></S:Body></S:Envelope>`;
};

/** `body` in a SOAP 1.1 envelope whose namespace prefix is `prefix`. */
export const envelope = (body: string, prefix = 'S') =>
  `<?xml version="1.0"?><${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/"><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;

/** The answer to an `echo` of `text`. */
export const echoed = (text: string) => SOAP_REPLY(`<text>${text}</text>`);

/** The service as it should be: the WSDL at `/service.wsdl`, and every other request echoed. */
export const echoService: Handler = (req, res, body) =>
  req.url === '/service.wsdl'
    ? res.writeHead(200).end(WSDL)
    : res.writeHead(200, { 'content-type': 'text/xml' }).end(SOAP_REPLY(body));

/** A transport for the echo service at `${serverUrl}soap`, with a 2 s deadline unless `extra` says otherwise. */
export const echoTransport = (serverUrl: string, extra: Partial<SoapTransportOptions> = {}) =>
  new SoapTransport({
    provider: 'test',
    wsdl: WSDL,
    endpoint: `${serverUrl}soap`,
    timeoutMs: 2_000,
    ...extra,
  });

/** One `echo` call of `x`. */
export const echo = (transport: SoapTransport, options = {}) =>
  transport.call('echo', { text: 'x' }, options);
