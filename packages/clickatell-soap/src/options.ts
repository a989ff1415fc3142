import type { Clock, Secret, TokenStore } from '@x/core';
import { CLICKATELL_SOAP_PATH } from './contract.js';

/** Clickatell's document/literal endpoint over HTTPS, used when no `endpoint` is given. */
export const DEFAULT_ENDPOINT = `https://api.clickatell.com${CLICKATELL_SOAP_PATH}`;

/** Credentials and settings of a {@link ClickatellSoapClient}. Missing or malformed credentials throw `ValidationError`. */
export interface ClickatellSoapOptions {
  /** The API ID of the account's SOAP connection (digits). */
  apiId: string | number;
  /** The account's user name. */
  user: string;
  /** The account's password; wrapped in a `Secret` if it is a string. */
  password: string | Secret;
  /** Document/literal endpoint; default Clickatell's HTTPS one. */
  endpoint?: string;
  /**
   * Ping a held session once it has been idle 10 minutes (or `intervalMs`), at up to 10% more (jitter); a
   * call is as good as a ping. One timer for the whole process, which never holds it open.
   */
  keepAlive?:
    | boolean
    | {
        /** Idle time before a ping; default 10 minutes, at most about 13 minutes (else a `ValidationError`). */
        intervalMs?: number;
      };
  /** Where the session lives; share one (e.g. Redis) across processes. Default: in memory. */
  store?: TokenStore;
  /** One deadline for each request, its body included; default 10 s. */
  timeoutMs?: number;
  /** Time source (tests pass `ManualClock`). */
  clock?: Clock;
  /** A different WSDL (text or URL) than the bundled one. */
  wsdl?: string;
  /** Your own HTTP agent (an `https.Agent` for an https endpoint): pooling, TLS options, a proxy agent. */
  agent?: import('node:http').Agent;
  /**
   * Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. SOAP calls use
   * Node's own proxy support (Node 22.21 / 24.5 on); not together with `agent`.
   */
  proxyFromEnv?: boolean;
}
