import { randomBytes } from 'node:crypto';
import {
  SBT_AUTHENTICATE_ACTION,
  SBT_DATA_NAMESPACE,
  SBT_ERRORS,
  SBT_INVALID_TOKEN,
  SBT_LOGIN_WSDL,
  SBT_REST_LOGIN_PATH,
  SBT_SEND_MESSAGE_PATH,
  SBT_SERVICE_NAMESPACE,
  SBT_SOAP_PATH,
  SBT_SUCCESS,
  TOKEN_LIFETIME_MS,
  type TokenExpiry,
} from '@x/sbt/contract';
import {
  CallCounter,
  countBy,
  type EmulatedService,
  type EmulatorRequest,
  json,
  type Reply,
} from '../reply.js';
import { WCF_MAX_RECEIVED_MESSAGE_SIZE, wcfSoapEndpoint } from '../soap/wcfSoapServer.js';
import { elements, escapeXml } from '../soap/xml.js';
import type { EmulatorState } from '../state.js';

export { SBT_REST_LOGIN_PATH as SBT_REST_PATH, SBT_SEND_MESSAGE_PATH, SBT_SOAP_PATH };

interface Issued {
  key: string;
  issuedAt: number;
  revoked: boolean;
}

/** Solutions By Text: AuthenticateAPIKey over SOAP and REST, under each key's expiry setting. */
export function sbtService(state: EmulatorState, keys: Record<string, TokenExpiry>): EmulatedService {
  const counter = new CallCounter();
  const tokens = new Map<string, Issued>();

  const live = (token: string | undefined): Issued | undefined => {
    const issued = token === undefined ? undefined : tokens.get(token);
    if (!issued || issued.revoked) return undefined;
    const lifetime = TOKEN_LIFETIME_MS[keys[issued.key]!];
    return lifetime === null || state.clock.now() < issued.issuedAt + lifetime ? issued : undefined;
  };

  /** The WSLoginResponse for `apiKey`. */
  const authenticate = (apiKey: string | undefined) => {
    counter.bump(apiKey !== undefined && Object.hasOwn(keys, apiKey) ? apiKey : '(unknown)', 'auth');
    const setting = apiKey !== undefined && Object.hasOwn(keys, apiKey) ? keys[apiKey] : undefined;
    if (!setting)
      return { Result: false, ErrorCode: 1401, Message: SBT_ERRORS[1401]!.message, SecurityToken: null };
    if (setting === 'expire-on-new') {
      for (const issued of tokens.values()) if (issued.key === apiKey) issued.revoked = true;
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { key: apiKey!, issuedAt: state.clock.now(), revoked: false });
    return {
      Result: true,
      ErrorCode: SBT_SUCCESS,
      Message: SBT_ERRORS[SBT_SUCCESS]!.message,
      SecurityToken: token,
    };
  };

  // WCF's DataContractSerializer reads only members in the data-contract namespace
  const apiKeyOf = (body: Element): string | undefined => {
    const loginRequest = elements(body).find(
      (e) => e.localName === 'loginRequest' && e.namespaceURI === SBT_SERVICE_NAMESPACE,
    );
    const apiKey = loginRequest
      ? elements(loginRequest).find((e) => e.localName === 'APIKey' && e.namespaceURI === SBT_DATA_NAMESPACE)
      : undefined;
    return apiKey?.textContent ?? undefined;
  };

  const soap = wcfSoapEndpoint({
    path: SBT_SOAP_PATH,
    wsdl: SBT_LOGIN_WSDL,
    actions: {
      [SBT_AUTHENTICATE_ACTION]: {
        element: 'AuthenticateAPIKey',
        namespace: SBT_SERVICE_NAMESPACE,
        handle: (body) => {
          const result = authenticate(apiKeyOf(body));
          // as SBT's published SOAP response: the members in the DataContract namespace, nil when empty
          const token =
            result.SecurityToken === null
              ? '<a:SecurityToken i:nil="true"/>'
              : `<a:SecurityToken>${escapeXml(result.SecurityToken)}</a:SecurityToken>`;
          return `<AuthenticateAPIKeyResponse xmlns="${SBT_SERVICE_NAMESPACE}"><AuthenticateAPIKeyResult z:Id="i1" xmlns:a="${SBT_DATA_NAMESPACE}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/"><a:Result>${result.Result}</a:Result><a:ErrorCode>${result.ErrorCode}</a:ErrorCode><a:Message>${escapeXml(result.Message)}</a:Message>${token}</AuthenticateAPIKeyResult></AuthenticateAPIKeyResponse>`;
        },
      },
    },
  });

  const sendMessage = (request: EmulatorRequest): Reply => {
    let body: { securityToken?: string; orgCode?: string; message?: string; sendTo?: unknown[] };
    try {
      body = JSON.parse(request.body);
    } catch {
      return json(400, { Message: 'Request body is not valid JSON' });
    }
    const result = (code: number, extra: object = {}) => ({
      SendMessageResult: {
        Result: code === SBT_SUCCESS,
        ErrorCode: code,
        Message: SBT_ERRORS[code]?.message ?? 'Message sent',
        ...extra,
      },
    });
    if (!body.securityToken || !body.orgCode) return json(200, result(1001));
    if (!live(body.securityToken)) return json(200, result(SBT_INVALID_TOKEN));
    return json(200, {
      SendMessageResult: {
        Result: true,
        ErrorCode: SBT_SUCCESS,
        Message: 'Message sent successfully',
        TransactionTicket: randomBytes(8).toString('hex'),
        Note: null,
      },
    });
  };

  const lower = (p: string) => p.toLowerCase();
  return {
    name: 'sbt',
    format: (path) => (path.toLowerCase() === SBT_SOAP_PATH.toLowerCase() ? 'xml' : 'json'),
    matches: (path) =>
      [SBT_SOAP_PATH, SBT_REST_LOGIN_PATH, SBT_SEND_MESSAGE_PATH].map(lower).includes(lower(path)),
    // every .svc endpoint, SOAP and REST, is WCF with its default message size
    requestLimit: { bytes: WCF_MAX_RECEIVED_MESSAGE_SIZE, refusal: { status: 413, headers: {}, body: '' } },
    handle: async (request) => {
      const path = lower(request.url.pathname);
      if (path === lower(SBT_SOAP_PATH)) return soap(request, state.origin());
      if (path === lower(SBT_SEND_MESSAGE_PATH) && request.method === 'POST') return sendMessage(request);
      if (path === lower(SBT_REST_LOGIN_PATH) && request.method === 'GET') {
        return json(200, {
          AuthenticateAPIKeyResult: authenticate(request.url.searchParams.get('APIKey') ?? undefined),
        });
      }
      return json(405, { Message: 'Method not allowed' });
    },
    expireAll: () => {
      for (const issued of tokens.values()) issued.revoked = true;
    },
    counters: () =>
      counter.snapshot(
        countBy(
          [...tokens.keys()].filter((t) => live(t)),
          (t) => tokens.get(t)!.key,
        ),
      ),
  };
}
