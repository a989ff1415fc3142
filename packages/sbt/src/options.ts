import { type Clock, type ExpiryPolicy, exclusive, lifetime, never, Secret, type TokenStore } from '@x/core';
import { SBT_HOSTS, TOKEN_EXPIRY_SETTINGS, TOKEN_LIFETIME_MS, type TokenExpiry } from './contract.js';
import { invalid } from './validation.js';

/** Credentials and settings of an {@link SbtClient}. */
export interface SbtClientOptions {
  /** The account's API key; wrapped in a `Secret` if it is a string. */
  apiKey: string | Secret;
  /** Which SBT host (default production); ignored when `baseUrl` is given. */
  environment?: keyof typeof SBT_HOSTS;
  /** Any host, e.g. the emulator's URL. */
  baseUrl?: string;
  /** How to call AuthenticateAPIKey (default `'soap'`). */
  transport?: 'soap' | 'rest';
  /**
   * Your account's token expiration setting. Default `'expire-on-new'`, the only setting under which
   * two refreshes would harm each other; with it, refreshes are serialised through `store`.
   */
  tokenExpiry?: TokenExpiry;
  /** Where the token lives; share one (e.g. `RedisTokenStore`) across processes. */
  store?: TokenStore;
  /** One deadline for each request: its retries, `Retry-After` waits and body included; default 10 s. */
  timeoutMs?: number;
  /** Time source for token expiry (tests pass `ManualClock`). */
  clock?: Clock;
  /** Your own `fetch` for REST calls (a proxy dispatcher, custom TLS, recording). */
  fetch?: typeof fetch;
  /** Your own HTTP agent for SOAP calls (an `https.Agent` for an https host). */
  agent?: import('node:http').Agent;
  /**
   * Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. SOAP calls use
   * Node's own proxy support (Node 22.21 / 24.5 on); not together with `agent`.
   */
  proxyFromEnv?: boolean;
}

/** The options a client runs on, checked: a `ValidationError` for a missing key or an unknown setting. */
export function checkedOptions(options: SbtClientOptions) {
  const { apiKey } = options;
  if (!(apiKey instanceof Secret) && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw invalid({ field: 'apiKey', message: 'apiKey is required' });
  }
  const environment = options.environment ?? 'production';
  if (!Object.hasOwn(SBT_HOSTS, environment)) {
    throw invalid({ field: 'environment', message: 'environment must be production or staging' });
  }
  const transport = options.transport ?? 'soap';
  if (transport !== 'soap' && transport !== 'rest') {
    throw invalid({ field: 'transport', message: 'transport must be soap or rest' });
  }
  const tokenExpiry = options.tokenExpiry ?? 'expire-on-new';
  if (!TOKEN_EXPIRY_SETTINGS.includes(tokenExpiry)) {
    throw invalid({
      field: 'tokenExpiry',
      message: `tokenExpiry must be one of ${TOKEN_EXPIRY_SETTINGS.join(', ')}`,
    });
  }
  return {
    apiKey: Secret.from(apiKey),
    baseUrl: options.baseUrl ?? SBT_HOSTS[environment],
    transport,
    tokenExpiry,
  };
}

/** Map an account's expiry setting to a token policy. */
export function policyFor(setting: TokenExpiry): ExpiryPolicy {
  if (setting === 'expire-on-new') return exclusive;
  const ms = TOKEN_LIFETIME_MS[setting];
  return ms === null ? never : lifetime(ms);
}
