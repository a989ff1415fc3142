// Optional peers (undici, soap…): a missing one is a ValidationError that says what to install, at
// construction when it can be found out then, else at the first load; never a retryable failure.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import { checkInstalled, loadLibrary } from '../src/optionalLibrary.js';

const need = (library: string) => ({ library, provider: 'p', field: 'proxyFromEnv', what: 'proxyFromEnv' });

/** What a caller's catch sees of `error`. */
function seen(error: unknown) {
  const { name, message, field, provider, retryable, cause } = error as ValidationError;
  return {
    name,
    message,
    field,
    provider,
    retryable,
    cause: { name: (cause as Error)?.name, code: (cause as { code?: unknown })?.code },
  };
}

describe('checkInstalled', () => {
  it('a library that cannot be found is a ValidationError naming it and the command that installs it', () => {
    let thrown: unknown;
    try {
      checkInstalled(need('x-core-no-such-library'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(seen(thrown)).toEqual({
      name: 'ValidationError',
      message: 'p: proxyFromEnv needs the x-core-no-such-library package: npm i x-core-no-such-library',
      field: 'proxyFromEnv',
      provider: 'p',
      retryable: false,
      cause: { name: 'Error', code: 'ERR_MODULE_NOT_FOUND' },
    });
  });

  it('an installed library passes, again and again', () => {
    expect(() => checkInstalled(need('ky'))).not.toThrow();
    expect(() => checkInstalled(need('ky'))).not.toThrow();
  });
});

describe('loadLibrary', () => {
  it('gives what the load gives', async () => {
    await expect(loadLibrary(need('ky'), async () => 'the module')).resolves.toBe('the module');
  });

  it('a library not found at load is the same ValidationError; any other failure says it could not load', async () => {
    const notFound = Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' });
    const broken = new SyntaxError('Unexpected token');
    const [missing, failed] = await Promise.all(
      [notFound, broken].map((error) => loadLibrary(need('undici'), () => Promise.reject(error)).catch(seen)),
    );
    expect(missing).toEqual({
      name: 'ValidationError',
      message: 'p: proxyFromEnv needs the undici package: npm i undici',
      field: 'proxyFromEnv',
      provider: 'p',
      retryable: false,
      cause: { name: 'Error', code: 'ERR_MODULE_NOT_FOUND' },
    });
    expect(failed).toEqual({
      name: 'ValidationError',
      message: 'p: proxyFromEnv could not load the undici package',
      field: 'proxyFromEnv',
      provider: 'p',
      retryable: false,
      cause: { name: 'SyntaxError', code: undefined },
    });
    // a rejection that is not even an object is still a ValidationError
    await expect(loadLibrary(need('undici'), () => Promise.reject(undefined))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
