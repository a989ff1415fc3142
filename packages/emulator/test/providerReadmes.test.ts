import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SEEDED, startEmulator } from '../src/index.js';

const PORT = 4010; // what the READMEs tell users to start it on; nothing listens on it here
const origin = `http://127.0.0.1:${PORT}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** What each provider's README must show: the seeded credentials and the URLs its client is given. */
async function expected() {
  await using emulator = await startEmulator();
  const onPort = (url: string) => url.replace(emulator.url, origin);
  const { clickatellSoap, clickatellMfa, sbt, cms } = SEEDED;
  return {
    'clickatell-soap': [
      onPort(emulator.urls.clickatellSoap),
      ...Object.values(clickatellSoap).flatMap((a) => [a.apiId, a.user, a.password]),
    ],
    'clickatell-mfa': [
      onPort(emulator.urls.clickatellMfa),
      onPort(`${emulator.urls.control}/clickatell-mfa/inbox/${clickatellMfa.phone}`),
      clickatellMfa.token,
      clickatellMfa.undeliverable,
    ],
    sbt: [onPort(emulator.urls.sbt), sbt.orgCode, ...Object.entries(sbt.keys).flat()],
    'cms-auth': [
      onPort(emulator.urls.cmsSite),
      ...cms.users.flatMap((u) => [u.username, u.password]),
      ...Object.keys(cms.forms.login),
      cms.forms.updateDetails,
    ],
  };
}

describe('every provider README: "Try it against the emulator"', async () => {
  it.each(Object.entries(await expected()))(
    '%s shows the command and its seeded credentials',
    async (pkg, facts) => {
      const readme = await readFile(new URL(`../../${pkg}/README.md`, import.meta.url), 'utf8');
      const section = /^## Try it against the emulator\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
      expect(section).toBeDefined();
      expect(section).toContain(`npx x-emulator --port ${PORT}`);
      expect(section).toContain('npm i -D @x/emulator');
      // whole words: form `10` is not the 10 of port 4010
      for (const fact of facts)
        expect(section).toMatch(new RegExp(`(?<![\\w-])${escapeRegExp(fact)}(?![\\w-])`));
    },
  );
});
