import { ValidationError } from '../errors.js';

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

/**
 * The proxy variables as they are now, for Node's own proxy support (`http.Agent`'s `proxyEnv`), which
 * Node 22.21 and 24.5 on have: on an older Node, `proxyFromEnv` is a `ValidationError` at construction.
 */
export function readProxyEnv(provider: string): Record<string, string | undefined> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (!(major >= 25 || (major === 24 && minor >= 5) || (major === 22 && minor >= 21))) {
    throw new ValidationError('proxyFromEnv for SOAP needs Node 22.21, 24.5 or later', {
      provider,
      field: 'proxyFromEnv',
    });
  }
  return Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
}
