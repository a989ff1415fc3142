export { SBT_ERRORS, SBT_INVALID_TOKEN, SBT_SUCCESS } from './errorCodes.js';
export { type LoginResult, readSbtResult, type SbtResult } from './loginResult.js';
export { policyFor, SBT_HOSTS, SbtClient, type SbtClientOptions } from './sbtClient.js';
export { TOKEN_EXPIRY_SETTINGS, TOKEN_LIFETIME_MS, type TokenExpiry } from './tokenExpiry.js';
export { SBT_LOGIN_WSDL } from './wsdl.js';
