/** Namespaces of SBT's WCF LoginAPIService, as in its published SOAP examples. */
export const SBT_SERVICE_NAMESPACE = 'http://SBTService/ServiceContracts/';
export const SBT_DATA_NAMESPACE = 'http://SBTAPIService/DataContract/';

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
<wsdl:input wsaw:Action="${SBT_SERVICE_NAMESPACE}ILoginAPI/AuthenticateAPIKey" message="tns:ILoginAPI_AuthenticateAPIKey_InputMessage" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>
<wsdl:output message="tns:ILoginAPI_AuthenticateAPIKey_OutputMessage"/>
</wsdl:operation></wsdl:portType>
<wsdl:binding name="LoginAPIServiceHttpEndpoint" type="tns:ILoginAPI"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
<wsdl:operation name="AuthenticateAPIKey"><soap:operation soapAction="${SBT_SERVICE_NAMESPACE}ILoginAPI/AuthenticateAPIKey" style="document"/>
<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
</wsdl:binding>
<wsdl:service name="LoginAPIService"><wsdl:port name="LoginAPIServiceHttpEndpoint" binding="tns:LoginAPIServiceHttpEndpoint">
<soap:address location="https://ui.solutionsbytext.com/Sbt.App.SetUp/WSServices/LoginAPIService.svc"/>
</wsdl:port></wsdl:service>
</wsdl:definitions>`;
