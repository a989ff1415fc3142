/**
 * Recite CMS's `auth` and `forms` web services: the one place for their facts (paths, the authToken
 * cookie, token expiry, WSDLs). The client and `@x/emulator` both import this module
 * (`@x/cms-auth/contract`). Recite does not publish the field lists: the WSDL shapes below are this
 * package's documented choice (see ../README.md). Both are document/literal; the client ignores fields
 * it does not know and allows optional ones to be missing.
 *
 * @module \@x/cms-auth/contract
 */

/** Each Recite site hosts its web services under `/__/webservices/<name>` (`?wsdl` for the WSDL). */
export const CMS_AUTH_PATH = '/__/webservices/auth';
/** The `forms` web service, whose submissions (e.g. update details) carry the `authToken` cookie. */
export const CMS_FORMS_PATH = '/__/webservices/forms';
/** The cookie that carries the token on later requests. */
export const AUTH_TOKEN_COOKIE = 'authToken';
/** A token dies after an hour unused; passing it (cookie, isValidToken, getIdentity) renews it. */
export const TOKEN_IDLE_MS = 60 * 60_000;

/** Target namespace of the `auth` service's WSDL and elements. */
export const CMS_AUTH_NAMESPACE = 'urn:Module_Webservices_Auth';
/** Target namespace of the `forms` service's WSDL and elements. */
export const CMS_FORMS_NAMESPACE = 'urn:Module_Webservices_Forms';

const IDENTITY_FIELDS = ['id', 'username', 'email', 'firstName', 'lastName', 'directoryId']
  .map((name) => `<xsd:element name="${name}" type="xsd:string" minOccurs="0"/>`)
  .join('');

function wsdl(name: string, namespace: string, path: string, schema: string, operations: string[]): string {
  const messages = operations
    .map(
      (op) =>
        `<message name="${op}In"><part name="parameters" element="tns:${op}"/></message><message name="${op}Out"><part name="parameters" element="tns:${op}Response"/></message>`,
    )
    .join('\n');
  const portOps = operations
    .map(
      (op) =>
        `<operation name="${op}"><input message="tns:${op}In"/><output message="tns:${op}Out"/></operation>`,
    )
    .join('');
  const bindingOps = operations
    .map(
      (op) =>
        `<operation name="${op}"><soap:operation soapAction="${namespace}#${op}" style="document"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions name="${name}" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${namespace}" targetNamespace="${namespace}">
<types><xsd:schema targetNamespace="${namespace}" elementFormDefault="unqualified">${schema}</xsd:schema></types>
${messages}
<portType name="${name}Port">${portOps}</portType>
<binding name="${name}Binding" type="tns:${name}Port"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}</binding>
<service name="${name}Service"><port name="${name}Port" binding="tns:${name}Binding"><soap:address location="http://xyz.example.com/__/webservices/${path}"/></port></service>
</definitions>`;
}

const single = (op: string, field: string, type: string) =>
  `<xsd:element name="${op}"><xsd:complexType><xsd:sequence><xsd:element name="${field}" type="${type}"/></xsd:sequence></xsd:complexType></xsd:element>`;

/**
 * The `auth` service's WSDL (`authenticate`, `isValidToken`, `getIdentity`, `destroyToken`), bundled so
 * that nothing is fetched at start-up; `@x/emulator` serves it at `?wsdl`.
 */
export const CMS_AUTH_WSDL = wsdl(
  'auth',
  CMS_AUTH_NAMESPACE,
  'auth',
  `<xsd:complexType name="Module_Webservices_Auth_Identity"><xsd:sequence>${IDENTITY_FIELDS}</xsd:sequence></xsd:complexType>
<xsd:complexType name="Module_Webservices_Auth_AuthenticateRequest"><xsd:sequence>
<xsd:element name="username" type="xsd:string"/><xsd:element name="password" type="xsd:string"/><xsd:element name="formId" type="xsd:string" minOccurs="0"/>
</xsd:sequence></xsd:complexType>
<xsd:complexType name="Module_Webservices_Auth_AuthenticateResponse"><xsd:sequence>
<xsd:element name="success" type="xsd:boolean"/>
<xsd:element name="token" type="xsd:string" minOccurs="0"/>
<xsd:element name="identity" type="tns:Module_Webservices_Auth_Identity" minOccurs="0"/>
<xsd:element name="errors" minOccurs="0"><xsd:complexType><xsd:sequence><xsd:element name="error" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType></xsd:element>
</xsd:sequence></xsd:complexType>
${single('authenticate', 'request', 'tns:Module_Webservices_Auth_AuthenticateRequest')}
${single('authenticateResponse', 'return', 'tns:Module_Webservices_Auth_AuthenticateResponse')}
${single('isValidToken', 'token', 'xsd:string')}
${single('isValidTokenResponse', 'return', 'xsd:boolean')}
${single('getIdentity', 'token', 'xsd:string')}
<xsd:element name="getIdentityResponse"><xsd:complexType><xsd:sequence><xsd:element name="return" type="tns:Module_Webservices_Auth_Identity" minOccurs="0"/></xsd:sequence></xsd:complexType></xsd:element>
${single('destroyToken', 'token', 'xsd:string')}
${single('destroyTokenResponse', 'return', 'xsd:boolean')}`,
  ['authenticate', 'isValidToken', 'getIdentity', 'destroyToken'],
);

/** The `forms` service's WSDL (`submit`: a form ID and name/value fields), bundled like {@link CMS_AUTH_WSDL}. */
export const CMS_FORMS_WSDL = wsdl(
  'forms',
  CMS_FORMS_NAMESPACE,
  'forms',
  `<xsd:complexType name="Module_Webservices_Forms_Field"><xsd:sequence><xsd:element name="name" type="xsd:string"/><xsd:element name="value" type="xsd:string"/></xsd:sequence></xsd:complexType>
<xsd:element name="submit"><xsd:complexType><xsd:sequence>
<xsd:element name="formId" type="xsd:string"/>
<xsd:element name="fields"><xsd:complexType><xsd:sequence><xsd:element name="field" type="tns:Module_Webservices_Forms_Field" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType></xsd:element>
</xsd:sequence></xsd:complexType></xsd:element>
<xsd:element name="submitResponse"><xsd:complexType><xsd:sequence><xsd:element name="return"><xsd:complexType><xsd:sequence>
<xsd:element name="success" type="xsd:boolean"/>
<xsd:element name="errors" minOccurs="0"><xsd:complexType><xsd:sequence><xsd:element name="error" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType></xsd:element>
</xsd:sequence></xsd:complexType></xsd:element></xsd:sequence></xsd:complexType></xsd:element>`,
  ['submit'],
);
