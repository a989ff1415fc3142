import { randomBytes } from 'node:crypto';
import { SBT_ERRORS, SBT_INVALID_TOKEN, SBT_SUCCESS } from '../../../sbt/src/errorCodes.js';
import { TOKEN_LIFETIME_MS, type TokenExpiry } from '../../../sbt/src/tokenExpiry.js';
import { SBT_LOGIN_WSDL } from '../../../sbt/src/wsdl.js';
import {
  CallCounter,
  countBy,
  type EmulatedService,
  type EmulatorRequest,
  json,
  type Reply,
} from '../reply.js';
import { soapEndpoint } from '../soapEndpoint.js';
import type { EmulatorState } from '../state.js';

export const SBT_SOAP_PATH = '/Sbt.App.SetUp/WSServices/LoginAPIService.svc';
export const SBT_REST_PATH = '/SBT.App.SetUp/RSServices/LoginAPIService.svc/AuthenticateAPIKey';
export const SBT_SEND_MESSAGE_PATH = '/SBT.App.SetUp/RSServices/MessageRSService.svc/SendMessage';

interface Issued {
  key: string;
  issuedAt: number;
  revoked: boolean;
}

/** Solutions By Text: AuthenticateAPIKey over SOAP and REST, under each key's expiry setting. */
export async function sbtService(
  state: EmulatorState,
  keys: Record<string, TokenExpiry>,
): Promise<EmulatedService> {
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

  const soap = await soapEndpoint({
    path: SBT_SOAP_PATH,
    wsdl: SBT_LOGIN_WSDL,
    envelopeKey: 's',
    services: {
      LoginAPIService: {
        LoginAPIServiceHttpEndpoint: {
          AuthenticateAPIKey: (args: { loginRequest?: { APIKey?: string } }) => {
            const result = authenticate(args.loginRequest?.APIKey);
            // WCF puts the data-contract fields in the DataContract namespace
            return {
              AuthenticateAPIKeyResult: {
                'dat:Result': result.Result,
                'dat:ErrorCode': result.ErrorCode,
                'dat:Message': result.Message,
                ...(result.SecurityToken === null ? {} : { 'dat:SecurityToken': result.SecurityToken }),
              },
            };
          },
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
    matches: (path) => [SBT_SOAP_PATH, SBT_REST_PATH, SBT_SEND_MESSAGE_PATH].map(lower).includes(lower(path)),
    handle: async (request) => {
      const path = lower(request.url.pathname);
      if (path === lower(SBT_SOAP_PATH)) return soap(request, state.origin());
      if (path === lower(SBT_SEND_MESSAGE_PATH) && request.method === 'POST') return sendMessage(request);
      if (path === lower(SBT_REST_PATH) && request.method === 'GET') {
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
