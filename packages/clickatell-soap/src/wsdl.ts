/**
 * The WSDL of Clickatell's document/literal SOAP server, bundled so that no WSDL is fetched at start-up.
 * Every command except `auth` and `ping` takes `session_id` or `api_id` + `user` + `password`; parameter
 * order follows Clickatell's published WSDL (see ../README.md).
 */
export const CLICKATELL_NAMESPACE = 'http://api.clickatell.com/soap/document_literal/webservice';

const CREDENTIALS = ['session_id', 'api_id', 'user', 'password'];

/** Commands this WSDL describes: input parameters (`[]` marks a repeated one) and whether many lines come back. */
export const CLICKATELL_COMMANDS: Record<string, { params: string[]; lines: boolean }> = {
  auth: { params: ['api_id', 'user', 'password'], lines: false },
  ping: { params: ['session_id'], lines: false },
  getbalance: { params: CREDENTIALS, lines: false },
  sendmsg: {
    params: [
      ...CREDENTIALS,
      'to[]',
      'from',
      'text',
      'concat',
      'deliv_ack',
      'msg_callback',
      'deliv_time',
      'max_credits',
      'req_feat',
      'queue',
      'escalate',
      'mo',
      'cliMsgId',
      'unicode',
      'msg_type',
      'udh',
      'data',
      'validity',
    ],
    lines: true,
  },
  querymsg: { params: [...CREDENTIALS, 'apimsgid', 'climsgid'], lines: true },
  delmsg: { params: [...CREDENTIALS, 'apimsgid', 'climsgid'], lines: true },
  getmsgcharge: { params: [...CREDENTIALS, 'apimsgid'], lines: true },
  routeCoverage: { params: [...CREDENTIALS, 'msisdn'], lines: false },
  token_pay: { params: [...CREDENTIALS, 'token'], lines: false },
};

function element(name: string, params: string[]): string {
  const fields = params
    .map((p) =>
      p.endsWith('[]')
        ? `<xsd:element name="${p.slice(0, -2)}" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/>`
        : `<xsd:element name="${p}" type="xsd:string" minOccurs="0"/>`,
    )
    .join('');
  return `<xsd:element name="${name}"><xsd:complexType><xsd:sequence>${fields}</xsd:sequence></xsd:complexType></xsd:element>`;
}

const ops = Object.entries(CLICKATELL_COMMANDS);

export const CLICKATELL_WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns1="${CLICKATELL_NAMESPACE}" targetNamespace="${CLICKATELL_NAMESPACE}" name="webservice">
<types><xsd:schema targetNamespace="${CLICKATELL_NAMESPACE}" elementFormDefault="unqualified">
${ops
  .map(
    ([name, { params, lines }]) =>
      `${element(name, params)}\n<xsd:element name="${name}Response"><xsd:complexType><xsd:sequence><xsd:element name="return" type="xsd:string"${lines ? ' minOccurs="0" maxOccurs="unbounded"' : ''}/></xsd:sequence></xsd:complexType></xsd:element>`,
  )
  .join('\n')}
</xsd:schema></types>
${ops.map(([name]) => `<message name="${name}Request"><part name="parameters" element="ns1:${name}"/></message><message name="${name}Response"><part name="parameters" element="ns1:${name}Response"/></message>`).join('\n')}
<portType name="PushServerWSPortType">
${ops.map(([name]) => `<operation name="${name}"><input message="ns1:${name}Request"/><output message="ns1:${name}Response"/></operation>`).join('\n')}
</portType>
<binding name="PushServerWSBinding" type="ns1:PushServerWSPortType"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
${ops.map(([name]) => `<operation name="${name}"><soap:operation soapAction="${CLICKATELL_NAMESPACE}#${name}" style="document"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>`).join('\n')}
</binding>
<service name="PushServerWS"><port name="PushServerWSPort" binding="ns1:PushServerWSBinding"><soap:address location="https://api.clickatell.com/soap/document_literal/webservice"/></port></service>
</definitions>`;
