import { CMS_AUTH_PATH } from './contract.js';
import { invalid } from './validation.js';

/** Which Recite site a {@link CmsAuthClient} talks to (give `site`, `wsdl` or both). */
export interface CmsAuthOptions {
  /** Your Recite site, e.g. `https://www.example.com`; the service is `<site>/__/webservices/auth`. */
  site?: string;
  /** A WSDL (URL or XML text) to load instead of the bundled one; its address is used unless `site` is given. */
  wsdl?: string;
  /** One deadline for each request, its body included; default 10 s. */
  timeoutMs?: number;
  /** Your own HTTP agent (an `https.Agent` for an https site): pooling, TLS options, a proxy agent. */
  agent?: import('node:http').Agent;
  /**
   * Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. SOAP calls use
   * Node's own proxy support (Node 22.21 / 24.5 on); not together with `agent`.
   */
  proxyFromEnv?: boolean;
}

/** The site's origin, from `site` or from the WSDL's URL: a `ValidationError` when neither gives one. */
export function siteOf(options: CmsAuthOptions): string {
  const site = options.site?.replace(/\/+$/, '');
  if (site) return site;
  if (!options.wsdl) throw invalid('site', 'site or wsdl is required');
  if (options.wsdl.startsWith('<')) throw invalid('site', 'a WSDL given as text needs site');
  try {
    return new URL(options.wsdl).origin;
  } catch {
    // a malformed URL must not surface as a bare TypeError
    throw invalid('wsdl', 'wsdl is neither WSDL text nor a valid URL');
  }
}

/** Where a site publishes the `auth` service's WSDL. */
export const wsdlUrlOf = (site: string): string => `${site}${CMS_AUTH_PATH}?wsdl`;
