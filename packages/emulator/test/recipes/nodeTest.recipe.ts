import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import { type Emulator, startEmulator } from '@x/emulator';

// One emulator for the file, back to its seeded state after every test.
let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.reset());
after(() => emulator.close());

const clickatell = () => {
  const { apiId, user, password } = emulator.accounts.clickatellSoap.demo;
  return new ClickatellSoapClient({ endpoint: emulator.urls.clickatellSoap, apiId, user, password });
};

test('a message spends one credit', async () => {
  const client = clickatell();
  await client.sendMessage({ to: emulator.accounts.clickatellMfa.phone, text: 'hi' });
  assert.equal(await client.getBalance(), 99);
});

test('the next test starts again from the seeded 100 credits', async () => {
  assert.equal(await clickatell().getBalance(), 100);
});
