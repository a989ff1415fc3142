import { ValidationError } from './errors.js';

/** What a missing optional library costs the user, as the error that says so. */
export interface LibraryNeed {
  /** The package name, e.g. `'undici'`. */
  library: string;
  /** Provider name for the error. */
  provider: string;
  /** The option that needs it, for `ValidationError.field`. */
  field: string;
  /** What needs it, for the message, e.g. `'proxyFromEnv'`. */
  what: string;
}

function missing({ library, provider, field, what }: LibraryNeed, cause?: unknown): ValidationError {
  return new ValidationError(`${what} needs the ${library} package: npm i ${library}`, {
    provider,
    field,
    cause,
  });
}

/** Libraries already found: 10,000 tenants' clients resolve each one once. */
const found = new Set<string>();

/**
 * Throw now, at construction, if `need.library` (an optional peer, imported on first use) cannot be found
 * from here, where that import will look for it: a missing library is a setup to fix, not a network
 * failure to retry. Runtimes without a synchronous `import.meta.resolve` are not checked here; the load
 * itself still fails with the same `ValidationError`.
 */
export function checkInstalled(need: LibraryNeed): void {
  // called as a method: Bun's `import.meta.resolve` refuses to run unbound
  const meta = import.meta as { resolve?: (specifier: string) => string };
  // equivalent mutants: without `found.has(…)` (or `found.add` below) a library is only looked up again;
  // `typeof meta.resolve !== 'function'` as `false` differs only on runtimes that lack it, not on Node
  if (found.has(need.library) || typeof meta.resolve !== 'function') return;
  try {
    meta.resolve(need.library);
  } catch (error) {
    throw missing(need, error);
  }
  found.add(need.library);
}

/**
 * `load()` (a dynamic import of `need.library`); a failure is a `ValidationError` too (retrying cannot
 * help): "needs the package" when it is not found, "could not load" with the cause otherwise.
 */
export function loadLibrary<T>(need: LibraryNeed, load: () => Promise<T>): Promise<T> {
  return load().catch((error: unknown) => {
    if ((error as { code?: unknown })?.code === 'ERR_MODULE_NOT_FOUND') throw missing(need, error);
    throw new ValidationError(`${need.what} could not load the ${need.library} package`, {
      provider: need.provider,
      field: need.field,
      cause: error,
    });
  });
}
