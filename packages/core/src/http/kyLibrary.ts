import type { KyInstance } from 'ky';
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

/** ky itself, with no defaults of its own, and its error class (from the same load). */
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

/**
 * ky as it is exported, not an instance made with `ky.create()`: an instance deep-merges its defaults into
 * every request's options, a cost each request pays again; a transport hands ky one flat object instead.
 */
export function loadKy(provider: string): Promise<Ky> {
  return loadLibrary(kyNeed(provider), () => import('ky')).then((module) => ({
    ky: module.default,
    HTTPError: module.HTTPError,
  }));
}
