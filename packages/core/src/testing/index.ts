/**
 * The test kit for clients and stores, for any test runner (`node:test`, jest, vitest…): {@link ManualClock},
 * {@link recordingServer} (replay real answers from loopback), {@link recordingProxy} (capture a real
 * service's answers; {@link endToEndHeaders} is what it forwards of each hop) and {@link replayFixture}
 * (play a recorded {@link ReplayFixture} against a client).
 * The vitest conformance suites are `@x/core/testing/vitest`.
 *
 * @module \@x/core/testing
 */
export { endToEndHeaders } from './endToEndHeaders.js';
export { ManualClock } from './manualClock.js';
export { type ProxiedExchange, type RecordingProxy, recordingProxy } from './recordingProxy.js';
export {
  type RecordedAnswer,
  type RecordedRequest,
  type RecordingServer,
  recordingServer,
} from './recordingServer.js';
export {
  FIXTURE_FORMAT,
  type FixtureExchange,
  type FixtureFile,
  type FixtureOutcome,
  type FixtureStep,
  fixtureOutcome,
  type ReplayFixture,
  readFixtures,
  replayFixture,
} from './replayFixture.js';
