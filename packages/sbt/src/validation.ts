import { ValidationError } from '@x/core';
import type { ParameterProblem } from './contract.js';
import { PROVIDER } from './loginResult.js';

/** This package's one way to refuse input before anything is sent. */
export const invalid = ({ field, message }: ParameterProblem): ValidationError =>
  new ValidationError(message, { provider: PROVIDER, field });
