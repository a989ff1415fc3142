import { AuthenticationError, type ProviderErrorOptions, ServiceError } from '@x/core';

/** A failed log-in, with the messages the service gave (e.g. "Invalid username or password"). */
export class CmsLoginError extends AuthenticationError {
  /** The class name, so logs tell this error apart from other `ProviderError`s. */
  override name = 'CmsLoginError';
  /** The service's messages, in its order; empty when it gave none. */
  readonly errors: string[];
  constructor(errors: string[], options: ProviderErrorOptions) {
    super(errors.length > 0 ? `log-in failed: ${errors.join('; ')}` : 'log-in failed', options);
    this.errors = errors;
  }
}

/** A form submission the service refused, with its messages. */
export class CmsFormError extends ServiceError {
  /** The class name, so logs tell this error apart from other `ProviderError`s. */
  override name = 'CmsFormError';
  /** The service's messages, in its order; empty when it gave none. */
  readonly errors: string[];
  constructor(errors: string[], options: ProviderErrorOptions) {
    super(errors.length > 0 ? `form refused: ${errors.join('; ')}` : 'form refused', options);
    this.errors = errors;
  }
}

/** The service's `errors` element as a list of its messages. */
export const messagesOf = (errors: unknown): string[] => {
  const list = (errors as { error?: unknown } | undefined)?.error;
  return ([] as unknown[]).concat(list ?? []).filter((e): e is string => typeof e === 'string');
};
