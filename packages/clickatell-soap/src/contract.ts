/**
 * Clickatell's SOAP API as the real service publishes it: the one place for its facts. The client and
 * `@x/emulator` both import this module (`@x/clickatell-soap/contract`); nothing here depends on our code.
 *
 * Sources (see ../README.md): the published document/literal WSDL
 * (`http://api.clickatell.com/soap/document_literal/webservice?wsdl`, kept in public client code), the
 * SOAP auth and ping pages, Clickatell's error-code lists, and answers captured from the live API.
 *
 * @module \@x/clickatell-soap/contract
 */

/** The WSDL's target namespace: the namespace of every request and response element. */
export const CLICKATELL_NAMESPACE = 'http://api.clickatell.com/soap/document_literal/webservice';
/** The real service's address (plain HTTP in the WSDL; HTTPS works too and is the client's default). */
export const CLICKATELL_WSDL_LOCATION = 'http://api.clickatell.com/soap/document_literal/webservice';
/** The document/literal endpoint's path on any host (the emulator serves it at the same path). */
export const CLICKATELL_SOAP_PATH = '/soap/document_literal/webservice';

/** The soapAction the WSDL gives an operation. Clickatell's PHP server does not depend on it. */
export const soapAction = (operation: string): string => `${CLICKATELL_NAMESPACE}/${operation}`;

/** One element of an operation's request sequence, as the WSDL states it. */
export interface ClickatellField {
  /** The element name, e.g. `session_id`. */
  readonly name: string;
  /** The element's XSD type. */
  readonly type: 'string' | 'int';
  /** `minOccurs="1"`. */
  readonly required: boolean;
  /** `maxOccurs="unbounded"`. */
  readonly repeated: boolean;
}

/** One operation of the WSDL: its request sequence and how it answers. */
export interface ClickatellOperation {
  /** The request sequence, in the WSDL's order (the order a client must send). */
  readonly fields: readonly ClickatellField[];
  /** `return` is `maxOccurs="unbounded"`: one line per recipient or item. */
  readonly manyLines: boolean;
  /** Takes `session_id` (or the `api_id` + `user` + `password` triple instead). */
  readonly session: boolean;
}

// Field lists, written `name[:int][!|+]`: `!` is minOccurs=1, `+` is 1..unbounded.
const CREDENTIALS = 'session_id api_id:int user password';
const QUEUEING = 'deliv_time:int max_credits:int req_feat:int queue:int escalate:int mo:int climsgid';
const FIELDS = Array.from({ length: 10 }, (_, i) => `field${i + 1}`).join(' ');

const SPEC: Record<string, [fields: string, manyLines: boolean]> = {
  auth: ['api_id:int! user! password!', false],
  ping: ['session_id!', false],
  sendmsg: [
    `${CREDENTIALS} text to+ from concat:int msg_callback:int deliv_ack:int ${QUEUEING} unicode:int msg_type udh data validity:int`,
    true,
  ],
  querymsg: [`${CREDENTIALS} apimsgid climsgid`, false],
  delmsg: [`${CREDENTIALS} apimsgid climsgid`, false],
  getbalance: [CREDENTIALS, false],
  routecoverage: [`${CREDENTIALS} msisdn!`, false],
  si_push: [
    `${CREDENTIALS} to+ si_id! si_url! si_text! si_created si_expires si_action from concat:int deliv_ack:int msg_callback:int ${QUEUEING} unicode:int validity:int`,
    true,
  ],
  ind_push: [
    `${CREDENTIALS} to+ mms_subject! mms_class! mms_expire! mms_from! mms_url! from concat:int deliv_ack:int msg_callback:int ${QUEUEING} validity:int`,
    true,
  ],
  token_pay: [`${CREDENTIALS} token!`, true],
  startbatch: [
    `${CREDENTIALS} from concat:int template! deliv_ack:int msg_callback:int ${QUEUEING} unicode:int msg_type udh validity:int`,
    false,
  ],
  senditem: [`${CREDENTIALS} batch_id! to+ ${FIELDS}`, true],
  quicksend: [`${CREDENTIALS} batch_id! to+`, true],
  endbatch: [`${CREDENTIALS} batch_id!`, false],
  getmsgcharge: [`${CREDENTIALS} apimsgid`, false],
};

function field(spec: string): ClickatellField {
  const [, name, int, occurs] = /^([a-z_0-9]+)(:int)?([!+]?)$/.exec(spec)!;
  return { name: name!, type: int ? 'int' : 'string', required: occurs !== '', repeated: occurs === '+' };
}

/** Every operation of the document/literal server, under its real (lower-case) name. */
export const CLICKATELL_OPERATIONS: Readonly<Record<string, ClickatellOperation>> = Object.fromEntries(
  Object.entries(SPEC).map(([name, [fields, manyLines]]) => [
    name,
    { fields: fields.split(' ').map(field), manyLines, session: name !== 'auth' && name !== 'ping' },
  ]),
);

/** Whether `name` is a real operation (an own key: `constructor` is not one). */
export const isClickatellOperation = (name: string): boolean => Object.hasOwn(CLICKATELL_OPERATIONS, name);

/** An MSISDN as Clickatell takes it: international format, digits only, 7 to 15 of them. */
export const isMsisdn = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{7,15}$/.test(value);

/** The fields a client fills in itself (the session, or the credential triple it stands for). */
export const MANAGED_FIELDS: readonly string[] = ['session_id', 'api_id', 'user', 'password'];

/** What is wrong with a request: the field, and a message fit for a `ValidationError`. */
export interface ParameterProblem {
  /** The offending field, e.g. `'to'`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly message: string;
}

/**
 * The first problem of a session command's parameters against the WSDL, or undefined: an unknown
 * operation or field, a managed field, a value of the wrong XSD type or count, a missing required field.
 */
export function findCommandProblem(
  operation: string,
  params: Readonly<Record<string, unknown>>,
): ParameterProblem | undefined {
  if (!isClickatellOperation(operation) || !CLICKATELL_OPERATIONS[operation]!.session) {
    return { field: 'operation', message: `unknown operation "${operation}"` };
  }
  const fields = CLICKATELL_OPERATIONS[operation]!.fields;
  for (const [name, value] of Object.entries(params)) {
    const spec = fields.find((f) => f.name === name);
    if (!spec || MANAGED_FIELDS.includes(name)) {
      return { field: name, message: `"${operation}" takes no parameter "${name}"` };
    }
    const values = ([] as unknown[]).concat(value);
    const pattern = spec.type === 'int' ? /^-?\d+$/ : /^/;
    const fits = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && pattern.test(String(v));
    if (values.length === 0 || (!spec.repeated && values.length > 1) || !values.every(fits)) {
      const expected = spec.type === 'int' ? 'an integer' : 'a string';
      return {
        field: name,
        message: `"${name}" must be ${spec.repeated ? `one or more of ${expected}` : expected}`,
      };
    }
  }
  const missing = fields.find((f) => f.required && params[f.name] === undefined);
  return missing && { field: missing.name, message: `"${operation}" needs "${missing.name}"` };
}

/** The first problem of a `sendmsg` recipient list (1 to {@link MAX_RECIPIENTS} MSISDNs), or undefined. */
export function findRecipientsProblem(to: readonly unknown[]): ParameterProblem | undefined {
  if (to.length === 0 || to.length > MAX_RECIPIENTS) {
    return { field: 'to', message: `to needs 1 to ${MAX_RECIPIENTS} numbers` };
  }
  if (!to.every(isMsisdn)) {
    return { field: 'to', message: 'to must hold MSISDNs in international format, digits only' };
  }
  return undefined;
}

const element = (f: ClickatellField) =>
  `<xsd:element minOccurs="${f.required ? 1 : 0}" maxOccurs="${f.repeated ? 'unbounded' : 1}" name="${f.name}" type="xsd:${f.type}"/>`;
const sequence = (name: string, elements: string) =>
  `<xsd:element name="${name}"><xsd:complexType><xsd:sequence>${elements}</xsd:sequence></xsd:complexType></xsd:element>`;
const operations = Object.entries(CLICKATELL_OPERATIONS);

/**
 * The WSDL of the document/literal server, written from the facts above: service `ClickatellSms`,
 * binding `Sms`, unqualified child elements, one soapAction per operation. Bundled so that nothing is
 * fetched at start-up; `@x/emulator` serves it at `?wsdl`.
 */
export const CLICKATELL_WSDL = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${CLICKATELL_NAMESPACE}" name="ClickatellSms" targetNamespace="${CLICKATELL_NAMESPACE}">
<wsdl:types><xsd:schema targetNamespace="${CLICKATELL_NAMESPACE}">
${operations
  .map(
    ([name, op]) =>
      `${sequence(name, op.fields.map(element).join(''))}\n${sequence(`${name}Response`, `<xsd:element minOccurs="1" maxOccurs="${op.manyLines ? 'unbounded' : 1}" name="return" type="xsd:string"/>`)}`,
  )
  .join('\n')}
</xsd:schema></wsdl:types>
${operations.map(([name]) => `<wsdl:message name="${name}Request"><wsdl:part name="parameters" element="tns:${name}"/></wsdl:message><wsdl:message name="${name}Response"><wsdl:part name="parameters" element="tns:${name}Response"/></wsdl:message>`).join('\n')}
<wsdl:portType name="ClickatellSms">
${operations.map(([name]) => `<wsdl:operation name="${name}"><wsdl:input name="${name}Request" message="tns:${name}Request"/><wsdl:output name="${name}Response" message="tns:${name}Response"/></wsdl:operation>`).join('\n')}
</wsdl:portType>
<wsdl:binding name="Sms" type="tns:ClickatellSms"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${operations.map(([name]) => `<wsdl:operation name="${name}"><soap:operation soapAction="${soapAction(name)}"/><wsdl:input name="${name}Request"><soap:body use="literal"/></wsdl:input><wsdl:output name="${name}Response"><soap:body use="literal"/></wsdl:output></wsdl:operation>`).join('\n')}
</wsdl:binding>
<wsdl:service name="ClickatellSms"><wsdl:port name="ClickatellSms" binding="tns:Sms"><soap:address location="${CLICKATELL_WSDL_LOCATION}"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;

/** A session dies after 15 minutes without a command; any command using it extends it by 15 minutes. */
export const SESSION_IDLE_MS = 15 * 60_000;
/** Clickatell suggests a ping about every 10 minutes to keep a session alive. */
export const KEEP_ALIVE_MS = 10 * 60_000;
/** One `sendmsg` reaches at most 300 numbers. */
export const MAX_RECIPIENTS = 300;

/**
 * What an error code means for the caller: `credentials` (rejected log-in, an `AuthenticationError`),
 * `session` (the session is gone, a `TokenExpiredError`), `credit` (the account ran out), `retryable`
 * (try again later) or `request` (this call was wrong).
 */
export type ClickatellErrorKind = 'credentials' | 'session' | 'credit' | 'retryable' | 'request';

/**
 * Clickatell's legacy error table (SOAP/HTTP "Central API"), the union of the published lists. The
 * kind says what the code means for an `auth` call; on a session-bearing command see
 * {@link SESSION_LOST_CODES}.
 */
export const CLICKATELL_ERRORS: Readonly<
  Record<
    string,
    {
      /** Clickatell's text for the code, as it appears after `ERR: <code>, `. */
      description: string;
      /** What the code means for the caller. */
      kind: ClickatellErrorKind;
    }
  >
> = {
  '001': { description: 'Authentication failed', kind: 'credentials' },
  '002': { description: 'Unknown username or password', kind: 'credentials' },
  '003': { description: 'Session ID expired', kind: 'session' },
  '004': { description: 'Account frozen', kind: 'credentials' },
  '005': { description: 'Missing session ID', kind: 'session' },
  '007': { description: 'IP Lockdown violation', kind: 'credentials' },
  '100': { description: 'Data malformed', kind: 'request' },
  '101': { description: 'Invalid or missing parameters', kind: 'request' },
  '102': { description: 'Invalid user data header', kind: 'request' },
  '103': { description: 'Unknown API message ID', kind: 'request' },
  '104': { description: 'Unknown client message ID', kind: 'request' },
  '105': { description: 'Invalid destination address', kind: 'request' },
  '106': { description: 'Invalid source address', kind: 'request' },
  '107': { description: 'Empty message', kind: 'request' },
  '108': { description: 'Invalid or missing API ID', kind: 'credentials' },
  '109': { description: 'Missing message ID', kind: 'request' },
  '110': { description: 'Error with email message', kind: 'request' },
  '111': { description: 'Invalid protocol', kind: 'request' },
  '112': { description: 'Invalid message type', kind: 'request' },
  '113': { description: 'Maximum message parts exceeded', kind: 'request' },
  '114': { description: 'Cannot route message', kind: 'request' },
  '115': { description: 'Message expired', kind: 'request' },
  '116': { description: 'Invalid Unicode data', kind: 'request' },
  '120': { description: 'Invalid delivery time', kind: 'request' },
  '121': { description: 'Destination mobile number blocked', kind: 'request' },
  '122': { description: 'Destination mobile opted out', kind: 'request' },
  '123': { description: 'Invalid Sender ID', kind: 'request' },
  '128': { description: 'Number delisted', kind: 'request' },
  '130': { description: 'Maximum MT limit exceeded', kind: 'retryable' },
  '201': { description: 'Invalid batch ID', kind: 'request' },
  '202': { description: 'No batch template', kind: 'request' },
  '301': { description: 'No credit left', kind: 'credit' },
  '302': { description: 'Max allowed credit', kind: 'credit' },
  '901': { description: 'Internal error - please retry', kind: 'retryable' },
};

/**
 * On a command that carried a session ID, these codes mean the server no longer holds that session.
 * The live API answers a stale session with `ERR: 001, Authentication failed` (captured), not only with
 * 003 (expired) or 005 (missing) as the table suggests.
 */
export const SESSION_LOST_CODES: readonly string[] = ['001', '003', '005'];

/** The `ERR:` line Clickatell sends for `code`. */
export function errLine(code: string): string {
  return `ERR: ${code}, ${CLICKATELL_ERRORS[code]?.description ?? 'Unknown error'}`;
}

/** Answers captured from the live API, byte for byte. */
export const CAPTURED = {
  /** A successful ping: `OK:` and a trailing space, no session ID. */
  pingOk: 'OK: ',
  /** `auth` with a wrong password, and any command with a stale session. */
  authFailed: 'ERR: 001, Authentication failed',
  /** `routecoverage` for a routed prefix, with the charge per message. */
  routeSupported:
    'OK: This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1',
  /** An `ERR:` line without a numeric code. */
  routeUnsupported:
    'ERR: This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
  /** `auth` from an IP address the account does not allow. */
  ipLockdown: 'ERR: 007, IP Lockdown violation',
} as const;
