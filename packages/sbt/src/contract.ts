/**
 * Solutions By Text's LoginAPIService as SBT publishes it: the one place for its facts (hosts, paths,
 * the WCF contract, ErrorCodes, token-expiry settings). The client and `@x/emulator` both import this
 * module (`@x/sbt/contract`); nothing here depends on our code. Sources: ../README.md.
 *
 * @module \@x/sbt/contract
 */

/** SBT's two environments; a client picks one with `environment`. */
export const SBT_HOSTS = {
  /** The live service. */
  production: 'https://ui.solutionsbytext.com',
  /** SBT's test environment, with its own accounts and keys. */
  staging: 'https://test.solutionsbytext.com',
} as const;
/** The WCF SOAP service (note the casing: `Sbt.App.SetUp/WSServices`). */
export const SBT_SOAP_PATH = '/Sbt.App.SetUp/WSServices/LoginAPIService.svc';
/** REST services live under `SBT.App.SetUp/RSServices/{service}.svc/{method}`. */
export const SBT_REST_SERVICES_PATH = '/SBT.App.SetUp/RSServices';
/** `GET {host}{path}?APIKey=…`: AuthenticateAPIKey over REST. */
export const SBT_REST_LOGIN_PATH = `${SBT_REST_SERVICES_PATH}/LoginAPIService.svc/AuthenticateAPIKey`;
/** `POST {host}{path}`: send a text with a security token in the body. */
export const SBT_SEND_MESSAGE_PATH = `${SBT_REST_SERVICES_PATH}/MessageRSService.svc/SendMessage`;

/** The WCF service-contract namespace of LoginAPIService (operation elements), as in SBT's SOAP examples. */
export const SBT_SERVICE_NAMESPACE = 'http://SBTService/ServiceContracts/';
/** The WCF data-contract namespace (`LoginRequestDetails`, `WSLoginResponse` fields), as in SBT's SOAP examples. */
export const SBT_DATA_NAMESPACE = 'http://SBTAPIService/DataContract/';

/**
 * The SOAPAction of AuthenticateAPIKey. SBT's service is WCF: it dispatches on this header alone and
 * answers any other action with an `a:ActionNotSupported` fault.
 */
export const SBT_AUTHENTICATE_ACTION = `${SBT_SERVICE_NAMESPACE}ILoginAPI/AuthenticateAPIKey`;

/**
 * The LoginAPIService WSDL (single-file, WCF basicHttpBinding, document/literal), bundled so that
 * nothing is fetched at start-up. Field order follows SBT's documented response.
 */
export const SBT_LOGIN_WSDL = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="LoginAPIService" targetNamespace="${SBT_SERVICE_NAMESPACE}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${SBT_SERVICE_NAMESPACE}" xmlns:dat="${SBT_DATA_NAMESPACE}">
<wsdl:types>
<xsd:schema elementFormDefault="qualified" targetNamespace="${SBT_DATA_NAMESPACE}">
<xsd:complexType name="LoginRequestDetails"><xsd:sequence>
<xsd:element name="APIKey" type="xsd:string" nillable="true"/>
<xsd:element name="UserName" type="xsd:string" minOccurs="0" nillable="true"/>
<xsd:element name="Password" type="xsd:string" minOccurs="0" nillable="true"/>
</xsd:sequence></xsd:complexType>
<xsd:complexType name="WSLoginResponse"><xsd:sequence>
<xsd:element name="Result" type="xsd:boolean" minOccurs="0"/>
<xsd:element name="ErrorCode" type="xsd:int" minOccurs="0"/>
<xsd:element name="Message" type="xsd:string" minOccurs="0" nillable="true"/>
<xsd:element name="SecurityToken" type="xsd:string" minOccurs="0" nillable="true"/>
</xsd:sequence></xsd:complexType>
</xsd:schema>
<xsd:schema elementFormDefault="qualified" targetNamespace="${SBT_SERVICE_NAMESPACE}">
<xsd:import namespace="${SBT_DATA_NAMESPACE}"/>
<xsd:element name="AuthenticateAPIKey"><xsd:complexType><xsd:sequence>
<xsd:element name="loginRequest" type="dat:LoginRequestDetails" minOccurs="0" nillable="true"/>
</xsd:sequence></xsd:complexType></xsd:element>
<xsd:element name="AuthenticateAPIKeyResponse"><xsd:complexType><xsd:sequence>
<xsd:element name="AuthenticateAPIKeyResult" type="dat:WSLoginResponse" minOccurs="0" nillable="true"/>
</xsd:sequence></xsd:complexType></xsd:element>
</xsd:schema>
</wsdl:types>
<wsdl:message name="ILoginAPI_AuthenticateAPIKey_InputMessage"><wsdl:part name="parameters" element="tns:AuthenticateAPIKey"/></wsdl:message>
<wsdl:message name="ILoginAPI_AuthenticateAPIKey_OutputMessage"><wsdl:part name="parameters" element="tns:AuthenticateAPIKeyResponse"/></wsdl:message>
<wsdl:portType name="ILoginAPI"><wsdl:operation name="AuthenticateAPIKey">
<wsdl:input wsaw:Action="${SBT_AUTHENTICATE_ACTION}" message="tns:ILoginAPI_AuthenticateAPIKey_InputMessage" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>
<wsdl:output message="tns:ILoginAPI_AuthenticateAPIKey_OutputMessage"/>
</wsdl:operation></wsdl:portType>
<wsdl:binding name="LoginAPIServiceHttpEndpoint" type="tns:ILoginAPI"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
<wsdl:operation name="AuthenticateAPIKey"><soap:operation soapAction="${SBT_AUTHENTICATE_ACTION}" style="document"/>
<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
</wsdl:binding>
<wsdl:service name="LoginAPIService"><wsdl:port name="LoginAPIServiceHttpEndpoint" binding="tns:LoginAPIServiceHttpEndpoint">
<soap:address location="${SBT_HOSTS.production}${SBT_SOAP_PATH}"/>
</wsdl:port></wsdl:service>
</wsdl:definitions>`;

/** The `ErrorCode` of a successful AuthenticateAPIKey. */
export const SBT_SUCCESS = 1400;
/** The `ErrorCode` of a call whose security token SBT no longer accepts: the client re-auths once. */
export const SBT_INVALID_TOKEN = 1000;

/**
 * SBT `ErrorCode` values known from public sources (see ../README.md); the full list is not published.
 */
export const SBT_ERRORS: Readonly<
  Record<
    number,
    {
      /** SBT's `Message` for the code. */
      message: string;
      /**
       * What it means: `ok`, `credentials` (API key rejected), `token` (security token no longer valid),
       * `request` (this call was wrong) or `service` (SBT failed; retryable).
       */
      kind: 'ok' | 'credentials' | 'token' | 'request' | 'service';
    }
  >
> = {
  1400: { message: 'Successfully generated securitytoken', kind: 'ok' },
  1401: { message: 'SecurityToken generation is failed', kind: 'credentials' },
  1402: { message: 'Error in generating security key', kind: 'service' },
  1000: { message: 'Invalid security token', kind: 'token' },
  1001: { message: 'Title, Organization Code and SecurityToken fields are mandatory', kind: 'request' },
};

/** The account-level token expiration settings SBT offers ("Developer Tips"). */
export type TokenExpiry = 'expire-on-new' | 'never' | '1-day' | '1-week' | '1-year' | '10-years';

const DAY = 24 * 60 * 60_000;

/** Lifetime of a token under each setting (`null`: not by time). */
export const TOKEN_LIFETIME_MS: Readonly<Record<TokenExpiry, number | null>> = {
  'expire-on-new': null,
  never: null,
  '1-day': DAY,
  '1-week': 7 * DAY,
  '1-year': 365 * DAY,
  '10-years': 3652 * DAY,
};

/** Every {@link TokenExpiry} setting, for validation and menus. */
export const TOKEN_EXPIRY_SETTINGS = Object.keys(TOKEN_LIFETIME_MS) as TokenExpiry[];

/** What is wrong with a request: the field, and a message fit for a `ValidationError`. */
export interface ParameterProblem {
  /** The offending field, e.g. `'to'`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly message: string;
}

/** One `SendMessage` reaches at most 100 numbers. */
export const MAX_RECIPIENTS = 100;
/** SBT's numbers: ten digits, North American, no country code. */
export const isSbtNumber = (value: unknown): boolean => typeof value === 'string' && /^\d{10}$/.test(value);

/** The first problem of a `SendMessage` request (an organisation, a text, 1 to 100 numbers), or undefined. */
export function findSendMessageProblem(input: {
  readonly orgCode?: unknown;
  readonly message?: unknown;
  readonly to?: unknown;
}): ParameterProblem | undefined {
  if (!input.orgCode) return { field: 'orgCode', message: 'orgCode is required' };
  if (!input.message) return { field: 'message', message: 'message is required' };
  const { to } = input;
  if (!Array.isArray(to) || to.length === 0 || to.length > MAX_RECIPIENTS || !to.every(isSbtNumber)) {
    return { field: 'to', message: `to needs 1 to ${MAX_RECIPIENTS} ten-digit numbers` };
  }
  return undefined;
}
