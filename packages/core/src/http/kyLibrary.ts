import type { KyInstance, Options as KyOptions } from 'ky';
import { type LibraryNeed, loadLibrary } from '../optionalLibrary.js';

// ky and undici are optional peers, imported on a transport's first request, never when it is created

/**
 * `fetch` through undici's `EnvHttpProxyAgent` (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`). undici is an
 * optional peer: loaded on the first request, and only by users who ask for proxies from the environment.
 */
export function envProxyFetch(provider: string): typeof fetch {
  let dispatcher: Promise<unknown> | undefined;
  return async (input, init) => {
    dispatcher ??= loadLibrary(undiciNeed(provider), () => import('undici')).then(
      ({ EnvHttpProxyAgent }) => new EnvHttpProxyAgent(),
    );
    return fetch(input, { ...init, dispatcher: await dispatcher } as RequestInit);
  };
}

/** ky's instance for one transport, and its error class (from the same load). */
export interface Ky {
  ky: KyInstance;
  HTTPError: typeof import('ky').HTTPError;
}

export const kyNeed = (provider: string): LibraryNeed => ({
  library: 'ky',
  provider,
  field: 'transport',
  what: 'the HTTP transport (@x/core/http)',
});
export const undiciNeed = (provider: string): LibraryNeed => ({
  library: 'undici',
  provider,
  field: 'proxyFromEnv',
  what: 'proxyFromEnv',
});

export function loadKy(provider: string, options: KyOptions): Promise<Ky> {
  return loadLibrary(kyNeed(provider), () => import('ky')).then((module) => ({
    ky: module.default.create(options),
    HTTPError: module.HTTPError,
  }));
}
