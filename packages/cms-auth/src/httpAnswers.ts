import { ValidationError } from '@x/core';
import type { CmsAuthManager } from './authManager.js';
import { CmsLoginError, type Identity } from './cmsAuthClient.js';

// What the Express, Fastify and Hono adapters answer, decided once here; each adapter only speaks its
// framework's request and reply.

/** The JSON body of a refusal: the error's name and its safe message, never a password or token. */
export interface RefusalBody {
  error: string;
  message: string;
  /** The input at fault (a `ValidationError`'s field). */
  field?: string;
  /** The service's own messages for a failed log-in, fit to show under the form. */
  errors?: string[];
}

/** The answer to a log-in: the identity and the cookie to set, or a refusal. */
export type LoginAnswer =
  | { status: 200; body: Identity; setCookie: string }
  | { status: 400 | 401; body: RefusalBody };

/** The body `requireUser` answers with its 401. */
export const NOT_LOGGED_IN: Readonly<RefusalBody> = Object.freeze({
  error: 'NotLoggedIn',
  message: 'log in first',
});

const field = (body: unknown, name: string): string | undefined => {
  const value =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * Log in with `username`, `password` and `formId?` from a parsed JSON or form body. Bad credentials → 401,
 * bad input → 400 (the client's `ValidationError`, nothing sent); any other error is thrown for the
 * framework's error handler.
 */
export async function answerLogin(manager: CmsAuthManager, body: unknown): Promise<LoginAnswer> {
  try {
    const { identity, setCookie } = await manager.login({
      username: field(body, 'username') ?? '',
      password: field(body, 'password') ?? '',
      formId: field(body, 'formId'),
    });
    return { status: 200, body: identity, setCookie };
  } catch (error) {
    if (error instanceof CmsLoginError) {
      return { status: 401, body: { error: error.name, message: error.message, errors: error.errors } };
    }
    if (error instanceof ValidationError) {
      return { status: 400, body: { error: error.name, message: error.message, field: error.field } };
    }
    throw error;
  }
}

/** `Headers` holding a Node request's `Cookie` header: all the manager reads from a request. */
export function cookieHeaders(cookie: string | undefined): Headers {
  return new Headers(cookie === undefined ? {} : { cookie });
}
