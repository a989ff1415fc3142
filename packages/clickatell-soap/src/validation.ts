import { ValidationError } from '@x/core';
import type { ParameterProblem } from './contract.js';
import { PROVIDER } from './replyLines.js';

/** This package's one way to refuse input before anything is sent. */
export const invalid = ({ field, message }: ParameterProblem): ValidationError =>
  new ValidationError(message, { provider: PROVIDER, field });

/** `value` as a non-blank string (a number is taken as its digits), else a `ValidationError`. */
export function required(value: unknown, field: string): string {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid({ field, message: `${field} is required` });
  return value;
}
