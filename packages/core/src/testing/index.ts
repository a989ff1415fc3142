/**
 * The test kit for clients and stores, for any test runner (`node:test`, jest, vitest…): {@link ManualClock}
 * and {@link recordingServer} (replay real answers from loopback). The vitest conformance suites are
 * `@x/core/testing/vitest`.
 *
 * @module \@x/core/testing
 */
export { ManualClock } from './manualClock.js';
export {
  type RecordedAnswer,
  type RecordedRequest,
  type RecordingServer,
  recordingServer,
} from './recordingServer.js';
