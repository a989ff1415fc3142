/** The provider name on this package's errors. */
export const PROVIDER = 'token-store-redis';
