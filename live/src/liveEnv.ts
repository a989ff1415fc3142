import { DEFAULT_BASE_URL } from '@x/clickatell-mfa';
import { DEFAULT_ENDPOINT } from '@x/clickatell-soap';
import { SBT_HOSTS, TOKEN_EXPIRY_SETTINGS, type TokenExpiry } from '@x/sbt';

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/**
 * The opt-ins: nothing that costs money or does harm happens unless its variable is set. Each SMS or
 * challenge opt-in names the number that receives it.
 */
export const OPT_INS = {
  /** Clickatell SOAP: send one SMS (`sendmsg`) to this number, then query it. */
  clickatellSms: 'LIVE_CLICKATELL_SMS_TO',
  /** Clickatell 2FA: send one PIN challenge to this number, poll it and try one wrong PIN. */
  mfaChallenge: 'LIVE_MFA_CHALLENGE_TO',
  /** SBT: send one SMS through `SendMessage` to this ten-digit number (needs `SBT_ORG_CODE`). */
  sbtSms: 'LIVE_SBT_SMS_TO',
  /** SBT: `yes` lets the run take tokens on an Expire On New key (each one kills the token your apps hold). */
  sbtNewToken: 'LIVE_SBT_NEW_TOKEN',
} as const;

/** What the run may spend, from the opt-in variables. */
export interface OptIns {
  clickatellSmsTo?: string;
  mfaChallengeTo?: string;
  sbtSmsTo?: string;
  sbtNewToken: boolean;
}

/** One service's settings from the environment, or why they cannot be used. */
export type ServiceSettings<T> = { settings: T } | { misconfigured: string } | undefined;

export interface ClickatellSoapSettings {
  apiId: string;
  user: string;
  password: string;
  endpoint: string;
}
export interface ClickatellMfaSettings {
  token: string;
  baseUrl: string;
}
export interface SbtSettings {
  apiKey: string;
  /** The key's expiry setting as the user declared it; `undefined` is treated as Expire On New. */
  tokenExpiry: TokenExpiry | undefined;
  baseUrl: string;
  orgCode?: string;
}
export interface CmsSettings {
  site: string;
  /** A test user of the site; without one only the wrong-password and unknown-token checks run. */
  user?: { username: string; password: string; formId?: string };
}

/** Everything the live suite reads from the environment. */
export interface LiveEnv {
  clickatellSoap: ServiceSettings<ClickatellSoapSettings>;
  clickatellMfa: ServiceSettings<ClickatellMfaSettings>;
  sbt: ServiceSettings<SbtSettings>;
  cms: ServiceSettings<CmsSettings>;
  optIns: OptIns;
}

const MSISDN = /^\d{7,15}$/;

/**
 * Read the playground's variables (`CLICKATELL_API_ID`/`USER`/`PASSWORD`, `CLICKATELL_MFA_TOKEN`,
 * `SBT_API_KEY` + `SBT_TOKEN_EXPIRY`, `SBT_ENVIRONMENT` or `SBT_BASE_URL`, `SBT_ORG_CODE`, `CMS_SITE`), the
 * test user `CMS_USERNAME`/`CMS_PASSWORD` (+ `CMS_FORM_ID`), endpoint overrides `CLICKATELL_ENDPOINT` and
 * `CLICKATELL_MFA_BASE_URL`, and the opt-ins. Blank values count as unset, as in the playground.
 */
export function readLiveEnv(source: Env): LiveEnv {
  const env = (name: string) => source[name]?.trim() || undefined;
  const optIns: OptIns = {
    clickatellSmsTo: env(OPT_INS.clickatellSms),
    mfaChallengeTo: env(OPT_INS.mfaChallenge),
    sbtSmsTo: env(OPT_INS.sbtSms),
    sbtNewToken: env(OPT_INS.sbtNewToken) === 'yes',
  };
  const badNumber = (name: string, value: string | undefined, pattern = MSISDN) =>
    value !== undefined && !pattern.test(value)
      ? `${name} must be a phone number in international format, digits only`
      : undefined;

  const apiId = env('CLICKATELL_API_ID');
  const user = env('CLICKATELL_USER');
  const password = env('CLICKATELL_PASSWORD');
  const smsProblem = badNumber(OPT_INS.clickatellSms, optIns.clickatellSmsTo);
  const clickatellSoap: LiveEnv['clickatellSoap'] = !(apiId || user || password)
    ? undefined
    : !(apiId && user && password)
      ? { misconfigured: 'needs all three of CLICKATELL_API_ID, CLICKATELL_USER and CLICKATELL_PASSWORD' }
      : smsProblem
        ? { misconfigured: smsProblem }
        : { settings: { apiId, user, password, endpoint: env('CLICKATELL_ENDPOINT') ?? DEFAULT_ENDPOINT } };

  const mfaToken = env('CLICKATELL_MFA_TOKEN');
  const mfaProblem = badNumber(OPT_INS.mfaChallenge, optIns.mfaChallengeTo);
  const clickatellMfa: LiveEnv['clickatellMfa'] = mfaToken
    ? mfaProblem
      ? { misconfigured: mfaProblem }
      : { settings: { token: mfaToken, baseUrl: env('CLICKATELL_MFA_BASE_URL') ?? DEFAULT_BASE_URL } }
    : undefined;

  const apiKey = env('SBT_API_KEY');
  const expiry = env('SBT_TOKEN_EXPIRY');
  const environment = env('SBT_ENVIRONMENT');
  const sbtProblem =
    (expiry !== undefined && !TOKEN_EXPIRY_SETTINGS.includes(expiry as TokenExpiry)
      ? `SBT_TOKEN_EXPIRY must be one of ${TOKEN_EXPIRY_SETTINGS.join(', ')}`
      : undefined) ??
    (environment !== undefined && environment !== 'production' && environment !== 'staging'
      ? 'SBT_ENVIRONMENT must be production or staging'
      : undefined) ??
    badNumber(OPT_INS.sbtSms, optIns.sbtSmsTo, /^\d{10}$/) ??
    (optIns.sbtSmsTo && !env('SBT_ORG_CODE') ? `${OPT_INS.sbtSms} needs SBT_ORG_CODE` : undefined);
  const sbt: LiveEnv['sbt'] = apiKey
    ? sbtProblem
      ? { misconfigured: sbtProblem }
      : {
          settings: {
            apiKey,
            tokenExpiry: expiry as TokenExpiry | undefined,
            baseUrl: env('SBT_BASE_URL') ?? SBT_HOSTS[environment === 'staging' ? 'staging' : 'production'],
            ...(env('SBT_ORG_CODE') ? { orgCode: env('SBT_ORG_CODE') } : {}),
          },
        }
    : undefined;

  const site = env('CMS_SITE');
  const username = env('CMS_USERNAME');
  const cmsPassword = env('CMS_PASSWORD');
  const formId = env('CMS_FORM_ID');
  const cms: LiveEnv['cms'] = site
    ? Boolean(username) !== Boolean(cmsPassword)
      ? { misconfigured: 'needs both CMS_USERNAME and CMS_PASSWORD, or neither' }
      : {
          settings: {
            site,
            ...(username && cmsPassword
              ? { user: { username, password: cmsPassword, ...(formId ? { formId } : {}) } }
              : {}),
          },
        }
    : undefined;

  return { clickatellSoap, clickatellMfa, sbt, cms, optIns };
}
