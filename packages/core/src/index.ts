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
export { redactUrl } from './redact.js';
export { parseReplyLine, type ReplyLine } from './replyLine.js';
export { safeCopy } from './safeCopy.js';
export { forgetSecret, registerSecret, Secret, scrub } from './secret.js';
export { sleep } from './sleep.js';
export { type ExpiryScheduler, type ExpiryTarget, expirySchedulerFor } from './token/expiryScheduler.js';
export type { TokenTiming } from './token/heldToken.js';
export { LifecycleEmitter } from './token/lifecycleEmitter.js';
export {
  credentialKey,
  fingerprint,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleListener,
} from './token/lifecycleEvents.js';
export { MemoryTokenStore, type MemoryTokenStoreOptions } from './token/memoryTokenStore.js';
export { TokenManager } from './token/tokenManager.js';
export type { IssuedToken, KeepAliveOptions, TokenManagerOptions } from './token/tokenManagerOptions.js';
export type { StoreChange, StoredToken, TokenLock, TokenStore } from './token/tokenStore.js';
