import { type ChallengeStatus, ClickatellMfaClient } from '@x/clickatell-mfa';
import { ClickatellSoapClient } from '@x/clickatell-soap';
import { CmsAuthClient, CmsAuthManager, type Identity } from '@x/cms-auth';
import { type Clock, type LifecycleEvent, systemClock } from '@x/core';
import { type Emulator, SEEDED, startEmulator, warpClock } from '@x/emulator';
import { SbtClient, TOKEN_EXPIRY_SETTINGS, type TokenExpiry } from '@x/sbt';

/** Where each flow goes: the embedded emulator, or the real service when its credentials are in the environment. */
export type Target = 'emulator' | 'real';

export interface TimelineEvent {
  provider: string;
  /** A token lifecycle event, or a time warp (drawn as a marker across every lane). */
  type: LifecycleEvent['type'] | 'time-warp';
  at: number;
  token?: string;
  detail?: string;
}

const env = (name: string) => process.env[name]?.trim() || undefined;

/**
 * The four clients, wired to the emulator by default or to real endpoints per service when
 * CLICKATELL_API_ID/CLICKATELL_USER/CLICKATELL_PASSWORD, CLICKATELL_MFA_TOKEN, SBT_API_KEY or CMS_SITE are set.
 */
export async function createFlows() {
  const realClickatell = env('CLICKATELL_API_ID') && env('CLICKATELL_USER') && env('CLICKATELL_PASSWORD');
  const realMfa = env('CLICKATELL_MFA_TOKEN');
  const realSbt = env('SBT_API_KEY');
  const realCms = env('CMS_SITE');
  const needsEmulator = !(realClickatell && realMfa && realSbt && realCms);
  const warp = warpClock();
  const emulator: Emulator | undefined = needsEmulator ? await startEmulator({ clock: warp }) : undefined;
  // the emulator's services and their clients share one clock, so a time warp expires both alike
  const clockFor = (real: unknown): Clock => (real ? systemClock : warp);
  const targets = {
    clickatell: (realClickatell ? 'real' : 'emulator') as Target,
    mfa: (realMfa ? 'real' : 'emulator') as Target,
    sbt: (realSbt ? 'real' : 'emulator') as Target,
    cms: (realCms ? 'real' : 'emulator') as Target,
  };

  const timeline: TimelineEvent[] = [];
  const record = (event: TimelineEvent) => {
    timeline.push(event);
    if (timeline.length > 500) timeline.shift();
  };
  const fromLifecycle = (e: LifecycleEvent) =>
    record({
      provider: e.provider,
      type: e.type,
      at: e.at,
      ...(e.token ? { token: e.token } : {}),
      ...(e.reason ? { detail: e.reason } : {}),
    });

  const demo = SEEDED.clickatellSoap.demo;
  const clickatell = new ClickatellSoapClient({
    apiId: env('CLICKATELL_API_ID') ?? demo.apiId,
    user: env('CLICKATELL_USER') ?? demo.user,
    password: env('CLICKATELL_PASSWORD') ?? demo.password,
    ...(realClickatell ? {} : { endpoint: emulator!.urls.clickatellSoap }),
    clock: clockFor(realClickatell),
    keepAlive: true,
  });
  clickatell.on(fromLifecycle);

  const mfa = new ClickatellMfaClient({
    token: realMfa ?? SEEDED.clickatellMfa.token,
    ...(realMfa ? {} : { baseUrl: emulator!.urls.clickatellMfa }),
    clock: clockFor(realMfa),
  });
  const challenges = new Map<string, { kind: string; to: string; status?: ChallengeStatus }>();

  const sbt = new Map<TokenExpiry, SbtClient>();
  for (const setting of realSbt
    ? [(env('SBT_TOKEN_EXPIRY') ?? 'expire-on-new') as TokenExpiry]
    : TOKEN_EXPIRY_SETTINGS) {
    const client = new SbtClient({
      apiKey: realSbt ?? SEEDED.sbt.keys[setting],
      tokenExpiry: setting,
      ...(realSbt
        ? {
            environment:
              env('SBT_ENVIRONMENT') === 'staging' ? ('staging' as const) : ('production' as const),
          }
        : { baseUrl: emulator!.url }),
      transport: setting === 'never' || setting === '1-week' ? 'rest' : 'soap',
      clock: clockFor(realSbt),
    });
    client.on((e) => fromLifecycle({ ...e, provider: `sbt ${setting}` }));
    sbt.set(setting, client);
  }

  const cmsClient = new CmsAuthClient({ site: realCms ?? emulator!.urls.cmsSite });
  const cms = new CmsAuthManager(cmsClient, { cookie: { secure: false }, clock: clockFor(realCms) });

  const now = () => warp.now();

  return {
    targets,
    emulator,
    timeline,
    now,
    clickatell: {
      login: async () => {
        await clickatell.sessionId();
        return clickatell.sessionInfo();
      },
      ping: async () => {
        await clickatell.ping();
        return clickatell.sessionInfo();
      },
      balance: () => clickatell.getBalance(),
      info: () => clickatell.sessionInfo(),
    },
    mfa: {
      phone: realMfa ? undefined : SEEDED.clickatellMfa.phone,
      request: async (kind: 'pin' | 'grid' | 'gridplus', to: string) => {
        const { apiRequestId } =
          kind === 'pin'
            ? await mfa.requestPin({ to, maximumRetries: 3 })
            : await mfa.requestGrid({ to, gridPlus: kind === 'gridplus' });
        const entry: { kind: string; to: string; status?: ChallengeStatus } = { kind, to };
        challenges.set(apiRequestId, entry);
        // watch it live: the page shows each status as it changes
        mfa
          .waitForResult(apiRequestId, { intervalMs: 1_000, onStatus: (status) => (entry.status = status) })
          .catch(() => undefined);
        return apiRequestId;
      },
      verify: async (id: string, pin: string) => {
        const status = await mfa.verifyPin(id, pin);
        const entry = challenges.get(id);
        if (entry) entry.status = status;
        return status;
      },
      inbox: (to: string) => emulator?.inbox(to) ?? [],
      solve: (id: string) => emulator?.solveChallenge(id) ?? false,
      challenges: () => [...challenges].map(([id, c]) => ({ id, ...c })),
    },
    sbt: {
      settings: [...sbt.keys()],
      token: async (setting: TokenExpiry) => {
        await sbt.get(setting)!.securityToken();
        return sbt.get(setting)!.tokenInfo();
      },
      send: (setting: TokenExpiry) =>
        sbt.get(setting)!.sendMessage({
          orgCode: env('SBT_ORG_CODE') ?? SEEDED.sbt.orgCode,
          message: 'Hello from the playground',
          to: ['5551234567'],
        }),
      info: () =>
        Object.fromEntries([...sbt].map(([setting, client]) => [setting, client.tokenInfo() ?? null])),
    },
    cms: {
      login: async (username: string, password: string) => {
        const result = await cms.login({ username, password });
        record({ provider: 'cms-auth', type: 'issued', at: now(), detail: `log-in ${username}` });
        return result;
      },
      me: (request: Request): Promise<Identity | null> => cms.currentUser(request),
      logout: async (request: Request) => {
        const result = await cms.logout(request);
        record({ provider: 'cms-auth', type: 'expired', at: now(), detail: 'log-out' });
        return result;
      },
    },
    /** Move the emulator's clock (and the clients that share it) forward. */
    warp: async (ms: number) => {
      await warp.advance(ms);
      record({
        provider: 'playground',
        type: 'time-warp',
        at: now(),
        detail: `+${Math.round(ms / 60_000)} min`,
      });
    },
    close: async () => {
      clickatell.close();
      await emulator?.close();
    },
  };
}

export type Flows = Awaited<ReturnType<typeof createFlows>>;
