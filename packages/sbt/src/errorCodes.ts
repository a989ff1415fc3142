/**
 * SBT `ErrorCode` values known from public sources (see ../README.md); the full list is not published.
 * The one copy: the client maps codes with it and the emulator answers with it.
 */
export const SBT_SUCCESS = 1400;
export const SBT_INVALID_TOKEN = 1000;

export const SBT_ERRORS: Readonly<
  Record<number, { message: string; kind: 'ok' | 'credentials' | 'token' | 'request' | 'service' }>
> = {
  1400: { message: 'Successfully generated securitytoken', kind: 'ok' },
  1401: { message: 'SecurityToken generation is failed', kind: 'credentials' },
  1402: { message: 'Error in generating security key', kind: 'service' },
  1000: { message: 'Invalid security token', kind: 'token' },
  1001: { message: 'Title, Organization Code and SecurityToken fields are mandatory', kind: 'request' },
};
