/**
 * The test kit for clients and stores: {@link ManualClock}, {@link recordingServer} (replay real answers
 * from loopback), {@link recordingProxy} (capture a real service's answers), {@link replayFixture} (play a
 * recorded {@link ReplayFixture} against a client), and the vitest conformance suites
 * {@link describeTokenStore} and {@link describeManagedClient} (vitest is an optional peer dependency).
 *
 * @module \@x/core/testing
 */
export { describeManagedClient, describeTokenStore, type ManagedClientHarness } from './conformance.js';
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
