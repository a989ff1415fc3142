export { describeManagedClient, describeTokenStore, type ManagedClientHarness } from './conformance.js';
export { ManualClock } from './manualClock.js';
export { type RecordedAnswer, type RecordedRequest, recordingServer } from './recordingServer.js';
