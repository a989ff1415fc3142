/**
 * Recite CMS site-user log-in: {@link CmsAuthClient} speaks the `auth` web service, {@link CmsAuthManager} and the
 * cookie helpers handle the `authToken` cookie in Web-standard servers. The service's facts are in
 * `@x/cms-auth/contract`.
 *
 * @module \@x/cms-auth
 */
export { type AuthManagerOptions, CmsAuthManager, fromNodeRequest } from './authManager.js';
export {
  AUTH_TOKEN_COOKIE,
  authTokenCookie,
  type CookieOptions,
  clearAuthTokenCookie,
  readAuthToken,
} from './authTokenCookie.js';
export { CmsAuthClient } from './cmsAuthClient.js';
export { CmsFormError, CmsLoginError } from './cmsErrors.js';
export { CMS_AUTH_WSDL, CMS_FORMS_WSDL } from './contract.js';
export type { RequestSite } from './crossSiteRequests.js';
export { CROSS_SITE_REFUSED, NOT_LOGGED_IN, type RefusalBody } from './httpAnswers.js';
export type { Identity } from './identity.js';
export type { CmsAuthOptions } from './options.js';
