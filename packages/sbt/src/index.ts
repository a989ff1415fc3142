/**
 * Solutions By Text security tokens, managed under the account's token expiration setting, over SOAP or
 * REST: {@link SbtClient}. The service's facts are in `@x/sbt/contract`.
 *
 * @module \@x/sbt
 */
export {
  SBT_ERRORS,
  SBT_HOSTS,
  SBT_INVALID_TOKEN,
  SBT_LOGIN_WSDL,
  SBT_SUCCESS,
  TOKEN_EXPIRY_SETTINGS,
  TOKEN_LIFETIME_MS,
  type TokenExpiry,
} from './contract.js';
export { type LoginResult, readSbtResult, type SbtResult } from './loginResult.js';
export { policyFor, type SbtClientOptions } from './options.js';
export { SbtClient } from './sbtClient.js';
