/**
 * The test kit for clients and stores: {@link ManualClock}, {@link recordingServer} (replay real answers
 * from loopback), and the vitest conformance suites
 * {@link describeTokenStore} and {@link describeManagedClient} (vitest is an optional peer dependency).
 *
 * @module \@x/core/testing
 */
export { describeManagedClient, describeTokenStore, type ManagedClientHarness } from './conformance.js';
export { ManualClock } from './manualClock.js';
export {
  type RecordedAnswer,
  type RecordedRequest,
  type RecordingServer,
  recordingServer,
} from './recordingServer.js';
