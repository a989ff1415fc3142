import type { Clock } from '@x/core';
import { expectTypeOf, test } from 'vitest';
import { type Emulator, type EmulatorOptions, type ServiceName, startEmulator } from '../src/index.js';

test('emulator public types', () => {
  expectTypeOf(startEmulator).returns.toEqualTypeOf<Promise<Emulator>>();
  expectTypeOf<NonNullable<EmulatorOptions['clock']>>().toMatchTypeOf<Clock>();
  expectTypeOf<ServiceName>().toEqualTypeOf<'clickatell-soap' | 'clickatell-mfa' | 'sbt' | 'cms-auth'>();
  expectTypeOf<Emulator['advance']>().returns.toEqualTypeOf<Promise<void>>();
  expectTypeOf<Emulator['reset']>().returns.toEqualTypeOf<void>();
  expectTypeOf<Emulator>().toMatchTypeOf<AsyncDisposable>();
});
