import type { Clock, Secret } from '@x/core';

/** Clickatell's REST host, used when no `baseUrl` is given. */
export const DEFAULT_BASE_URL = 'https://api.clickatell.com';

/** Credentials and settings of a {@link ClickatellMfaClient}. */
export interface ClickatellMfaOptions {
  /** The integration's REST API token (sent as `Authorization: Bearer`). */
  token: string | Secret;
  /** Default `https://api.clickatell.com`. */
  baseUrl?: string;
  /** One deadline for each request: its retries, `Retry-After` waits and body included; default 10 s. */
  timeoutMs?: number;
  /** Time source for polling and expire times (tests pass `ManualClock`). */
  clock?: Clock;
  /** Your own `fetch` (a proxy dispatcher, custom TLS, request recording). */
  fetch?: typeof fetch;
  /** Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. */
  proxyFromEnv?: boolean;
}
