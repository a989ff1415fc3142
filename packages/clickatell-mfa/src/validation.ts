import { ValidationError } from '@x/core';

export const PROVIDER = 'clickatell-mfa';

/** This package's one way to refuse input before anything is sent. */
export const invalid = ({ field, message }: { field: string; message: string }): ValidationError =>
  new ValidationError(message, { provider: PROVIDER, field });

/** `apiRequestId` if it is a plain ID (it goes into a URL path), else a `ValidationError`. */
export function checkedId(apiRequestId: string): string {
  if (typeof apiRequestId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(apiRequestId)) {
    throw invalid({ field: 'apiRequestId', message: 'apiRequestId is not a valid ID' });
  }
  return apiRequestId;
}
