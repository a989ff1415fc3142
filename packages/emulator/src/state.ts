import type { Clock } from '@x/core';

/** What every emulated service shares: the clock and the emulator's own base URL. */
export interface EmulatorState {
  clock: Clock;
  origin(): string;
}
