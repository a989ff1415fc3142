export { type AuthManagerOptions, CmsAuthManager, fromNodeRequest } from './authManager.js';
export {
  AUTH_TOKEN_COOKIE,
  authTokenCookie,
  type CookieOptions,
  clearAuthTokenCookie,
  readAuthToken,
} from './authTokenCookie.js';
export {
  CmsAuthClient,
  type CmsAuthOptions,
  CmsFormError,
  CmsLoginError,
  type Identity,
} from './cmsAuthClient.js';
export { CMS_AUTH_WSDL, CMS_FORMS_WSDL } from './contract.js';
