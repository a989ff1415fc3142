export { describeManagedClient, describeTokenStore, type ManagedClientHarness } from './conformance.js';
export { ManualClock } from './manualClock.js';
