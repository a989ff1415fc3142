import {
  AuthenticationError,
  ProtocolError,
  type ProviderError,
  ServiceError,
  TokenExpiredError,
} from '@x/core';
import { SBT_ERRORS } from './contract.js';

export const PROVIDER = 'sbt';

/** What every SBT call answers: `Result`, `ErrorCode`, `Message` (and call-specific fields). */
export interface SbtResult {
  /** `Result`: true when the call succeeded. */
  result: boolean;
  /** `ErrorCode`: SBT's code, see `SBT_ERRORS`. */
  errorCode: number;
  /** `Message`: SBT's text for the code. */
  message: string;
}

/** `AuthenticateAPIKey`'s answer, the same over SOAP and REST. */
export interface LoginResult extends SbtResult {
  /** `SecurityToken`: the token that authorises later calls. */
  securityToken: string;
}

/** The error for a failed SBT result, classed by its ErrorCode (1000 → TokenExpiredError). */
export function sbtError(errorCode: number, message: string): ProviderError {
  const options = { provider: PROVIDER, code: errorCode };
  switch (SBT_ERRORS[errorCode]?.kind) {
    case 'credentials':
      return new AuthenticationError(message || 'API key rejected', options);
    case 'token':
      return new TokenExpiredError(message || 'Invalid security token', options);
    case 'service':
      return new ServiceError(message || 'SBT error', { ...options, retryable: true });
    default:
      return new ServiceError(message || 'SBT error', options);
  }
}

/** Read an SBT result envelope (`{ Result, ErrorCode, Message, … }`), throwing the error family when `Result` is false. */
export function readSbtResult(raw: unknown): SbtResult & Record<string, unknown> {
  if (raw === null || typeof raw !== 'object')
    throw new ProtocolError('answer has no result envelope', { provider: PROVIDER });
  const body = raw as Record<string, unknown>;
  const result = body.Result === true || body.Result === 'true';
  const errorCode = typeof body.ErrorCode === 'string' ? Number(body.ErrorCode) : body.ErrorCode;
  if (
    (body.Result !== undefined &&
      typeof body.Result !== 'boolean' &&
      body.Result !== 'true' &&
      body.Result !== 'false') ||
    !Number.isInteger(errorCode)
  ) {
    throw new ProtocolError('answer has no Result/ErrorCode', { provider: PROVIDER });
  }
  const message = typeof body.Message === 'string' ? body.Message : '';
  if (!result) throw sbtError(errorCode as number, message);
  return { ...body, result, errorCode: errorCode as number, message };
}

/** `AuthenticateAPIKeyResult` from either transport. */
export function readLoginResult(raw: unknown): LoginResult {
  const { result, errorCode, message, SecurityToken } = readSbtResult(raw);
  if (typeof SecurityToken !== 'string' || SecurityToken === '') {
    throw new ProtocolError('AuthenticateAPIKey succeeded without a SecurityToken', { provider: PROVIDER });
  }
  return { result, errorCode, message, securityToken: SecurityToken };
}
