import { Secret, ValidationError } from '@x/core';

export const PROVIDER = 'cms-auth';

/** This package's one way to refuse input before anything is sent. */
export const invalid = (field: string, message: string): ValidationError =>
  new ValidationError(message, { provider: PROVIDER, field });

/** A Recite auth token (8 to 256 word characters or dashes) as a `Secret`, else a `ValidationError`. */
export function checkedToken(value: string | Secret): Secret {
  if (!(value instanceof Secret) && (typeof value !== 'string' || !/^[\w-]{8,256}$/.test(value))) {
    throw invalid('token', 'token is not a Recite auth token');
  }
  return Secret.from(value);
}

/** `formId` if it is a form ID (word characters), else a `ValidationError`. */
export function checkedFormId(formId: unknown): string {
  if (typeof formId !== 'string' || !/^\w+$/.test(formId))
    throw invalid('formId', 'formId must be a form ID');
  return formId;
}

/** A log-in's input, checked: a user name, a password, and a form ID when one is given. */
export function checkedLogin(input: { username: string; password: string | Secret; formId?: string }) {
  if (typeof input.username !== 'string' || input.username.trim() === '') {
    throw invalid('username', 'username is required');
  }
  const { password } = input;
  if (!(password instanceof Secret) && (typeof password !== 'string' || password === '')) {
    throw invalid('password', 'password is required');
  }
  return {
    username: input.username,
    password: Secret.from(password),
    ...(input.formId === undefined ? {} : { formId: checkedFormId(input.formId) }),
  };
}
