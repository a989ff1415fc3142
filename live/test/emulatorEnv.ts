import { type Emulator, SEEDED } from '@x/emulator';

/** The playground's variables (and the endpoint overrides) pointing every service at `emulator`, as if it were real. */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  const { apiId, user, password } = SEEDED.clickatellSoap.demo;
  const [alice] = SEEDED.cms.users;
  return {
    CLICKATELL_API_ID: apiId,
    CLICKATELL_USER: user,
    CLICKATELL_PASSWORD: password,
    CLICKATELL_ENDPOINT: emulator.urls.clickatellSoap,
    CLICKATELL_MFA_TOKEN: SEEDED.clickatellMfa.token,
    CLICKATELL_MFA_BASE_URL: emulator.urls.clickatellMfa,
    SBT_API_KEY: SEEDED.sbt.keys['expire-on-new'],
    SBT_BASE_URL: emulator.urls.sbt,
    CMS_SITE: emulator.urls.cmsSite,
    CMS_USERNAME: alice!.username,
    CMS_PASSWORD: alice!.password,
    ...extra,
  };
}

/** Where `node live/src/main.ts` is, and the repo's own Node to run it. */
export const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
