import { ClickatellSoapClient } from '@x/clickatell-soap';
import { type Emulator, startEmulator } from '@x/emulator';
import { test as base, expect } from 'vitest';

// One emulator per test file (port 0, so files running in parallel never clash), back to its seeded
// state at the start of every test that asks for `emulator`.
const test = base
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('emulatorServer', { scope: 'file' }, async ({}, { onCleanup }) => {
    const emulator = await startEmulator();
    onCleanup(() => emulator.close());
    return emulator;
  })
  .extend('emulator', ({ emulatorServer }) => {
    emulatorServer.reset();
    return emulatorServer;
  });

const clickatell = (emulator: Emulator) => {
  const { apiId, user, password } = emulator.accounts.clickatellSoap.demo;
  return new ClickatellSoapClient({ endpoint: emulator.urls.clickatellSoap, apiId, user, password });
};

test('a message spends one credit', async ({ emulator }) => {
  const client = clickatell(emulator);
  await client.sendMessage({ to: emulator.accounts.clickatellMfa.phone, text: 'hi' });
  expect(await client.getBalance()).toBe(99);
});

test('the next test starts again from the seeded 100 credits', async ({ emulator }) => {
  expect(await clickatell(emulator).getBalance()).toBe(100);
});
