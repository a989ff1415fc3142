/** A value registered as a secret in a test, which no printed form of anything may contain. */
export const CANARY = 'canary-secret-5b2d61a0';

/** Whether any of `texts` contains {@link CANARY}. */
export function leaks(...texts: unknown[]): boolean {
  return texts.some((text) => String(text).includes(CANARY));
}
