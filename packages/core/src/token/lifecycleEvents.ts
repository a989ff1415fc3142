/** `node:crypto`'s hash, loaded on the first use (loading it is ~15 ms of a cold start otherwise). */
let createHash: typeof import('node:crypto').createHash | undefined;

function sha256Hex(text: string): string {
  createHash ??= process.getBuiltinModule('node:crypto').createHash;
  return createHash('sha256').update(text).digest('hex');
}

/** What happened to a managed token. */
export type LifecycleEventType = 'issued' | 'used' | 'refreshed' | 'expired' | 'keep-alive' | 'failed';

/** A lifecycle event. It never holds a secret: tokens appear only as a short one-way fingerprint. */
export interface LifecycleEvent {
  /** What happened. */
  readonly type: LifecycleEventType;
  /** The provider name of the manager that emitted it. */
  readonly provider: string;
  /** The manager's store key (provider, endpoint and a hash of the credential identity). */
  readonly key: string;
  /** Epoch ms on the manager's clock. */
  readonly at: number;
  /** First 8 hex characters of the token's SHA-256, to tell tokens apart in logs and charts. */
  readonly token?: string;
  /** When the token expires, `null` when not by time. */
  readonly expiresAt?: number | null;
  /**
   * Why: for `expired`, `'time'` (its time is up), `'server'` (the server rejected a call) or `'store'`
   * (another holder of the shared store dropped it), or `'logout'` (logged out through this manager:
   * `CmsAuthManager`); for `failed`, the error's name and code.
   */
  readonly reason?: string;
  /** For `failed`: the error, whose message is already scrubbed. */
  readonly error?: Error;
}

/** Receives lifecycle events (see `TokenManager.on`); a listener that throws is ignored. */
export type LifecycleListener = (event: LifecycleEvent) => void;

/** A one-way, short, printable id of a token. */
export function fingerprint(token: string): string {
  return sha256Hex(token).slice(0, 8);
}

/** A stable, secret-free store key: provider, endpoint and a hash of the credential identity. */
export function credentialKey(provider: string, endpoint: string, ...identity: string[]): string {
  const hash = sha256Hex(identity.join('\u0000')).slice(0, 24);
  return `${provider}:${endpoint}:${hash}`;
}
