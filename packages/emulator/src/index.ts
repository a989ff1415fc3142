/**
 * Local servers of Clickatell SOAP, Clickatell Secure 2FA, Solutions By Text and Recite CMS auth that
 * answer like the real ones, with the controls the real ones lack: a clock, fault injection, counters and
 * a phone inbox. Start one with {@link startEmulator}.
 *
 * @module \@x/emulator
 */
export {
  type Emulator,
  type EmulatorOptions,
  type EmulatorUrls,
  startEmulator,
} from './emulator.js';
export type { Fault, FaultOptions } from './faults.js';
export type { ServiceCounters, ServiceName } from './reply.js';
export { SEEDED } from './seeds.js';
export type { InboxMessage } from './services/clickatellMfa.js';
export { type ClickatellAccount, UNROUTABLE_PREFIX } from './services/clickatellSoap.js';
export type { CmsUser } from './services/cmsAuth.js';
export { type WarpClock, warpClock } from './warpClock.js';
