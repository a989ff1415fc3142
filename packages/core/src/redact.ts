import { scrub } from './secret.js';

const SECRET_PARAM = /key|token|pass|secret|session|auth|pin/i;

/** A URL fit for a message: query values whose names look secret become `[REDACTED]`, known secrets too. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return scrub(String(url));
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  parsed.username = '';
  parsed.password = '';
  return scrub(parsed.toString());
}
