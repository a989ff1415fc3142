import type { LifecycleEvent, TokenStore } from '@x/core';
import { expectTypeOf, test } from 'vitest';
import { ClickatellSoapClient, type ClickatellSoapOptions, type SendResult } from '../src/index.js';

test('ClickatellSoapClient public types', () => {
  expectTypeOf<ClickatellSoapOptions['store']>().toEqualTypeOf<TokenStore | undefined>();
  expectTypeOf<ClickatellSoapClient['sessionId']>().returns.toEqualTypeOf<Promise<string>>();
  expectTypeOf<ClickatellSoapClient['getBalance']>().returns.toEqualTypeOf<Promise<number>>();
  expectTypeOf<ClickatellSoapClient['sendMessage']>().returns.toEqualTypeOf<Promise<SendResult[]>>();
  expectTypeOf<ClickatellSoapClient['call']>().returns.toEqualTypeOf<Promise<string[]>>();
  expectTypeOf<Parameters<ClickatellSoapClient['on']>[0]>().parameter(0).toEqualTypeOf<LifecycleEvent>();
  // @ts-expect-error apiId, user and password are required
  new ClickatellSoapClient({ user: 'u', password: 'p' });
});
