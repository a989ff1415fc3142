import { type ChallengeStatus, ClickatellMfaClient, DEFAULT_BASE_URL } from '@x/clickatell-mfa';
import { ClickatellSoapClient, DEFAULT_ENDPOINT } from '@x/clickatell-soap';
import { CmsAuthClient, CmsAuthManager, type Identity, readAuthToken } from '@x/cms-auth';
import { type Clock, MemoryTokenStore, systemClock } from '@x/core';
import { type Emulator, SEEDED, type ServiceName, startEmulator, warpClock } from '@x/emulator';
import { SBT_HOSTS, SbtClient, TOKEN_EXPIRY_SETTINGS, type TokenExpiry } from '@x/sbt';
import { ConflictError, invalid } from './playgroundErrors.ts';
import { Recorder } from './recorder.ts';
import { Timeline } from './timeline.ts';

/** Where each flow goes: the embedded emulator, or the real service when its credentials are in the environment. */
export type Target = 'emulator' | 'real';

export type Service = ServiceName;
export const SERVICES: readonly Service[] = ['clickatell-soap', 'clickatell-mfa', 'sbt', 'cms-auth'];
export const CHALLENGE_KINDS = ['pin', 'grid', 'gridplus'] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];
/** Faults the page offers, each one of the emulator's own. */
export const FAULTS = ['timeout', 'status-500', 'reset', 'slow', 'invalid-token'] as const;
export type FaultKind = (typeof FAULTS)[number];
export const TRANSPORTS = ['soap', 'rest'] as const;
/** The longest warp: ten years, enough to outlive the 10-year SBT token. */
export const MAX_WARP_MS = 10 * 366 * 24 * 60 * 60_000;
/** Per call, on the emulator: short, so that an injected timeout shows in a few seconds. */
export const EMULATOR_TIMEOUT_MS = 5_000;
const SLOW_MS = 1_500;

export type Env = Record<string, string | undefined>;

/** A 2FA challenge this tab sent, with its latest status. */
export interface Challenge {
  id: string;
  kind: ChallengeKind;
  to: string;
  at: number;
  status?: ChallengeStatus;
}

/** Which flows go to real services: those whose credentials `env` holds. */
export function targetsFrom(source: Env): Record<'clickatell' | 'mfa' | 'sbt' | 'cms', Target> {
  const env = (name: string) => source[name]?.trim() || undefined;
  const real = (yes: unknown): Target => (yes ? 'real' : 'emulator');
  return {
    clickatell: real(env('CLICKATELL_API_ID') && env('CLICKATELL_USER') && env('CLICKATELL_PASSWORD')),
    mfa: real(env('CLICKATELL_MFA_TOKEN')),
    sbt: real(env('SBT_API_KEY')),
    cms: real(env('CMS_SITE')),
  };
}

/** How a Clickatell session's time runs out, for the timeline. */
const CLICKATELL_EXPIRY = "idle 15 min since its last use, less the client's 30 s safety margin";

/** Log-in forms of the seeded site (Recite has one per user directory). */
const CMS_FORMS = Object.keys(SEEDED.cms.forms.login);

/**
 * One tab's playground: its own emulator, clock, clients, timeline and recorder. Each client goes to the
 * emulator unless its credentials are in `env` (CLICKATELL_API_ID/USER/PASSWORD, CLICKATELL_MFA_TOKEN,
 * SBT_API_KEY, CMS_SITE; CLICKATELL_MFA_BASE_URL and SBT_BASE_URL move a real endpoint), and every request
 * passes a recorder on its way, for the inspector.
 */
export async function createFlows(options: { env?: Env } = {}) {
  const source = options.env ?? process.env;
  const env = (name: string) => source[name]?.trim() || undefined;
  const realMfa = env('CLICKATELL_MFA_TOKEN');
  const realSbt = env('SBT_API_KEY');
  const realCms = env('CMS_SITE');
  const targets = targetsFrom(source);
  const clock = warpClock();
  const emulator: Emulator | undefined = Object.values(targets).includes('emulator')
    ? await startEmulator({ clock })
    : undefined;
  // the emulator and the clients that talk to it share one clock: a warp moves keep-alive, refresh and expiry alike
  const clockFor = (target: Target): Clock => (target === 'real' ? systemClock : clock);
  const timeoutFor = (target: Target) => (target === 'real' ? undefined : EMULATOR_TIMEOUT_MS);
  const recorder = new Recorder(() => clock.now());
  const timeline = new Timeline();
  const store = new MemoryTokenStore();
  const upstream = (target: Target, real: string) => (target === 'real' ? real : emulator!.url);
  const sbtHost =
    env('SBT_BASE_URL') ?? SBT_HOSTS[env('SBT_ENVIRONMENT') === 'staging' ? 'staging' : 'production'];
  const [clickatellUrl, mfaUrl, sbtUrl, cmsUrl] = await Promise.all([
    recorder.front('clickatell-soap', upstream(targets.clickatell, new URL(DEFAULT_ENDPOINT).origin)),
    recorder.front(
      'clickatell-mfa',
      upstream(targets.mfa, env('CLICKATELL_MFA_BASE_URL') ?? DEFAULT_BASE_URL),
    ),
    recorder.front('sbt', upstream(targets.sbt, sbtHost)),
    recorder.front('cms-auth', upstream(targets.cms, realCms ?? '')),
  ]);

  // Clickatell SOAP: one session; keep-alive can be switched off to watch it expire
  const clickatellLane = 'clickatell-soap session';
  const demo = SEEDED.clickatellSoap.demo;
  let keepAlive = true;
  const makeClickatell = () => {
    const client = new ClickatellSoapClient({
      apiId: env('CLICKATELL_API_ID') ?? demo.apiId,
      user: env('CLICKATELL_USER') ?? demo.user,
      password: env('CLICKATELL_PASSWORD') ?? demo.password,
      endpoint: `${clickatellUrl}${new URL(DEFAULT_ENDPOINT).pathname}`,
      clock: clockFor(targets.clickatell),
      timeoutMs: timeoutFor(targets.clickatell),
      store,
      keepAlive,
    });
    client.on(timeline.listener(clickatellLane, CLICKATELL_EXPIRY));
    return client;
  };
  let clickatell = makeClickatell();
  /** Keep-alive on or off is a new client: the old one is closed, and the new one takes over its session. */
  const replaceClickatell = async () => {
    const held = clickatell.sessionInfo();
    clickatell.close();
    clickatell = makeClickatell();
    // read from the shared store (no call to Clickatell), so that the session's expiry or keep-alive is
    // on the new client's schedule from now, not from its next call; a failure is the lane's `failed` dot
    if (held && held.usableUntil > clockFor(targets.clickatell).now())
      await clickatell.sessionId().catch(() => undefined);
  };

  // Clickatell 2FA: challenges of this tab, each watched to its end
  const mfa = new ClickatellMfaClient({
    token: realMfa ?? SEEDED.clickatellMfa.token,
    baseUrl: mfaUrl,
    clock: clockFor(targets.mfa),
    timeoutMs: timeoutFor(targets.mfa),
  });
  const challenges = new Map<string, Challenge>();
  const verifying = new Set<string>();
  const stopWatching = new AbortController();
  const challenge = (id: unknown): Challenge => {
    const found = typeof id === 'string' ? challenges.get(id) : undefined;
    if (!found) throw invalid('id', 'no such challenge in this tab: send one first');
    return found;
  };

  // Solutions By Text: one client per expiry setting, each with its own lane
  const sbtSettings: TokenExpiry[] = realSbt
    ? [(env('SBT_TOKEN_EXPIRY') ?? 'expire-on-new') as TokenExpiry]
    : [...TOKEN_EXPIRY_SETTINGS];
  const sbt = new Map<TokenExpiry, SbtClient>();
  /** The last "another app" of each setting: a client of its own, on the same key. */
  const otherApps = new Map<TokenExpiry, SbtClient>();
  const newSbt = (
    setting: TokenExpiry,
    transport: 'soap' | 'rest',
    lane: string,
    tokens: MemoryTokenStore,
  ) => {
    const client = new SbtClient({
      apiKey: realSbt ?? SEEDED.sbt.keys[setting],
      tokenExpiry: setting,
      baseUrl: sbtUrl,
      transport,
      clock: clockFor(targets.sbt),
      timeoutMs: timeoutFor(targets.sbt),
      store: tokens,
    });
    client.on(timeline.listener(lane, `the ${setting} lifetime ran out, less the client's safety margin`));
    return client;
  };
  const makeSbt = (setting: TokenExpiry, transport: 'soap' | 'rest') => {
    const client = newSbt(setting, transport, `sbt ${setting}`, store);
    sbt.set(setting, client);
    return client;
  };
  for (const setting of sbtSettings)
    makeSbt(setting, setting === 'never' || setting === '1-week' ? 'rest' : 'soap');
  const sbtRecipient = env('SBT_TEST_NUMBER') ?? '5551234567';
  const sbtClient = (setting: unknown): SbtClient => {
    const client = sbt.get(setting as TokenExpiry);
    if (!client) throw invalid('setting', `must be one of ${sbtSettings.join(', ')}`);
    return client;
  };

  // Recite: the authToken cookie is the session; the manager asks Recite on every look-up (no cache), so each
  // "who am I" restarts the token's idle hour, as the timeline shows
  const cmsLane = 'cms-auth session';
  const cms = new CmsAuthManager(new CmsAuthClient({ site: cmsUrl, timeoutMs: timeoutFor(targets.cms) }), {
    cookie: { secure: false },
    clock: clockFor(targets.cms),
    cacheMs: 0,
  });
  cms.on(timeline.listener(cmsLane, 'idle 1 h since its last use: Recite forgets it'));

  const onEmulator = (service: Service) => {
    const target =
      targets[
        service === 'clickatell-soap'
          ? 'clickatell'
          : service === 'clickatell-mfa'
            ? 'mfa'
            : service === 'sbt'
              ? 'sbt'
              : 'cms'
      ];
    if (target === 'real' || !emulator)
      throw invalid(
        'service',
        `${service} goes to the real service here: its faults and phone are not ours to control`,
      );
    return emulator;
  };

  return {
    targets,
    emulator,
    timeline,
    recorder,
    now: () => clock.now(),
    clickatell: {
      /** Log in, or say that the cached session was reused. */
      login: async () => {
        const before = clickatell.sessionInfo()?.token;
        await clickatell.sessionId();
        const info = clickatell.sessionInfo()!;
        return { ...info, reused: before === info.token };
      },
      ping: async () => {
        await clickatell.ping();
        return clickatell.sessionInfo();
      },
      balance: () => clickatell.getBalance(),
      info: () => clickatell.sessionInfo() ?? null,
      keepAlive: () => keepAlive,
      /** Keep-alive is a client option: switching it is a new client, which adopts the held session. */
      setKeepAlive: async (on: boolean) => {
        if (on === keepAlive) return;
        keepAlive = on;
        await replaceClickatell();
      },
    },
    mfa: {
      phone: targets.mfa === 'real' ? undefined : SEEDED.clickatellMfa.phone,
      request: async (kind: ChallengeKind, to: string) => {
        const { apiRequestId } =
          kind === 'pin'
            ? await mfa.requestPin({ to, maximumRetries: 3 })
            : await mfa.requestGrid({ to, gridPlus: kind === 'gridplus' });
        const entry: Challenge = { id: apiRequestId, kind, to, at: clock.now() };
        challenges.set(apiRequestId, entry);
        // watch it live: the page shows each status as it changes
        mfa
          .waitForResult(apiRequestId, {
            intervalMs: 1_000,
            signal: stopWatching.signal,
            onStatus: (status) => (entry.status = status),
          })
          .catch(() => undefined);
        return entry;
      },
      verify: async (id: unknown, pin: string) => {
        const entry = challenge(id);
        if (verifying.has(entry.id)) throw new ConflictError('this challenge is being verified already');
        verifying.add(entry.id);
        try {
          entry.status = await mfa.verifyPin(entry.id, pin);
          return entry.status;
        } finally {
          verifying.delete(entry.id);
        }
      },
      /** Act as the phone's user, unless the challenge has already ended. */
      solve: async (id: unknown) => {
        const entry = challenge(id);
        const phone = onEmulator('clickatell-mfa');
        const status = await mfa.getStatus(entry.id);
        entry.status = status;
        if (status.terminal)
          throw new ConflictError(`challenge already ended: ${status.challengeStatus} ${status.state}`);
        phone.solveChallenge(entry.id);
        entry.status = await mfa.getStatus(entry.id);
        return entry.status;
      },
      /** The phone's messages, newest first, each with its challenge and time. */
      inbox: (to: string) => (emulator ? [...onEmulator('clickatell-mfa').inbox(to)].reverse() : []),
      challenges: () => [...challenges.values()],
    },
    sbt: {
      settings: sbtSettings,
      token: async (setting: unknown) => {
        const client = sbtClient(setting);
        await client.securityToken();
        return client.tokenInfo() ?? null;
      },
      /** The number a test SMS goes to. */
      recipient: sbtRecipient,
      /** On a real key the server has the person confirm this first (routes.ts). */
      send: (setting: unknown) =>
        sbtClient(setting).sendMessage({
          orgCode: env('SBT_ORG_CODE') ?? SEEDED.sbt.orgCode,
          message: 'Hello from the playground',
          to: [sbtRecipient],
        }),
      /**
       * Another app authenticates with the same key: a client of its own (its own store), whose token is
       * drawn on its own lane. Under Expire On New that kills ours at the server; our next call finds out.
       */
      otherApp: async (setting: unknown) => {
        const ours = sbtClient(setting);
        const which = setting as TokenExpiry;
        otherApps.get(which)?.close();
        const other = newSbt(which, ours.transport, `sbt ${which}: another app`, new MemoryTokenStore());
        otherApps.set(which, other);
        await other.securityToken();
      },
      /** A new client: the old one is closed; the new one takes the token from the store on its next call. */
      setTransport: (setting: unknown, transport: 'soap' | 'rest') => {
        sbtClient(setting).close();
        makeSbt(setting as TokenExpiry, transport);
      },
      rows: () =>
        sbtSettings.map((setting) => ({
          setting,
          transport: sbt.get(setting)!.transport,
          info: sbt.get(setting)!.tokenInfo() ?? null,
        })),
    },
    cms: {
      /** The real site (`CMS_SITE`), when the flow goes there. */
      site: realCms,
      forms: CMS_FORMS,
      login: async (username: string, password: string, formId: string | undefined) => {
        return cms.login({ username, password, ...(formId ? { formId } : {}) });
      },
      /** Who the cookie says; `null` with the cookie when it holds a token Recite no longer knows. */
      me: async (request: Request): Promise<{ identity: Identity | null; cookie: boolean }> => {
        if (!readAuthToken(request)) return { identity: null, cookie: false };
        return { identity: await cms.currentUser(request), cookie: true };
      },
      logout: async (request: Request) => {
        const result = await cms.logout(request);
        return { ...result, wasLoggedIn: readAuthToken(request) !== undefined };
      },
    },
    faults: {
      inject: (service: Service, kind: FaultKind) => {
        const target = onEmulator(service);
        if (kind === 'invalid-token') return target.expireTokens(service);
        target.inject(
          service,
          kind === 'timeout'
            ? { type: 'delay', ms: EMULATOR_TIMEOUT_MS + 1_000 }
            : kind === 'slow'
              ? { type: 'delay', ms: SLOW_MS }
              : kind === 'reset'
                ? { type: 'reset' }
                : { type: 'status', status: 500 },
        );
      },
    },
    /** Move the emulator's clock (and the clients that share it) forward. */
    warp: async (ms: number) => {
      if (!emulator) throw invalid('minutes', 'every target is real: real time cannot be warped');
      const from = clock.now();
      await emulator.advance(ms);
      timeline.record({ lane: 'clock', type: 'time-warp', from, at: clock.now() });
    },
    close: async () => {
      stopWatching.abort();
      clickatell.close();
      for (const client of [...sbt.values(), ...otherApps.values()]) client.close();
      cms.close();
      clock.stop();
      await recorder.close();
      await emulator?.close();
    },
  };
}

export type Flows = Awaited<ReturnType<typeof createFlows>>;
