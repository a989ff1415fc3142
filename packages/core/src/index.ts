/**
 * What every `@x/*` auth client shares: the error model, secret handling and the token lifecycle
 * ({@link TokenManager}, expiry policies, {@link TokenStore}). The transports are `@x/core/soap` and `@x/core/http`;
 * the test kit is `@x/core/testing` (any runner), with vitest conformance suites in `@x/core/testing/vitest`.
 *
 * @module \@x/core
 */
export { abortError, type CallOptions, callSignal, untilAborted } from './callOptions.js';
export { CHANNELS } from './channels.js';
export { type Clock, systemClock, type TimerHandle, type TimerOptions } from './clock.js';
export { debugLog } from './debugLog.js';
export type {
  RequestContext,
  RequestEnd,
  RequestFailure,
  RequestStart,
} from './diagnostics.js';
export {
  AuthenticationError,
  isProviderError,
  ProtocolError,
  ProviderError,
  type ProviderErrorCode,
  type ProviderErrorOptions,
  RateLimitError,
  ServiceError,
  TokenExpiredError,
  TransportError,
  ValidationError,
} from './errors.js';
export { type ExpiryPolicy, exclusive, expiryFrom, idle, lifetime, never } from './expiryPolicy.js';
export {
  credentialKey,
  fingerprint,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleListener,
} from './lifecycleEvents.js';
export { redactUrl } from './redact.js';
export { parseReplyLine, type ReplyLine } from './replyLine.js';
export { safeCopy } from './safeCopy.js';
export { forgetSecret, registerSecret, Secret, scrub } from './secret.js';
export { sleep } from './sleep.js';
export {
  type IssuedToken,
  type KeepAliveOptions,
  TokenManager,
  type TokenManagerOptions,
} from './tokenManager.js';
export {
  MemoryTokenStore,
  type MemoryTokenStoreOptions,
  type StoreChange,
  type StoredToken,
  type TokenLock,
  type TokenStore,
} from './tokenStore.js';
