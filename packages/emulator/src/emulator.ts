import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@x/core';
import type { TokenExpiry } from '@x/sbt/contract';
import { answerControl } from './controlApi.js';
import { answerWithFault, type Fault, type FaultOptions, FaultPlan } from './faults.js';
import {
  type BodyLimit,
  type EmulatedService,
  type EmulatorRequest,
  SERVICE_NAMES,
  type ServiceCounters,
  type ServiceName,
} from './reply.js';
import { announcesTooMuch, FRONT_SERVER_TOO_LARGE, readBody, refuseBeforeContinue } from './requestBody.js';
import { SEEDED } from './seeds.js';
import { clickatellMfaService, type InboxMessage } from './services/clickatellMfa.js';
import {
  CLICKATELL_SOAP_PATH,
  type ClickatellAccount,
  clickatellSoapService,
} from './services/clickatellSoap.js';
import { CMS_AUTH_PATH, CMS_FORMS_PATH, type CmsUser, cmsAuthService } from './services/cmsAuth.js';
import { SBT_REST_PATH, SBT_SEND_MESSAGE_PATH, SBT_SOAP_PATH, sbtService } from './services/sbt.js';
import type { EmulatorState } from './state.js';
import { warpClock } from './warpClock.js';

/** How {@link startEmulator} listens, keeps time and which accounts it adds. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** The emulator's sense of time; pass `ManualClock` from `@x/core/testing` and share it with clients. */
  clock?: Clock & {
    /** Move the clock forward; without it, `advance()` and the control API's clock warp throw. */
    advance?(ms: number): Promise<void>;
  };
  /**
   * Largest request body accepted (default 1 MiB); a longer one is answered 413, as nginx answers it. SBT's
   * WCF endpoints refuse more than 64 KiB whatever this says (WCF's `maxReceivedMessageSize` default).
   */
  maxRequestBytes?: number;
  /** Accounts to add to the seeded ones (copied: `reset()` brings them back to these values too). */
  accounts?: {
    /** Extra Clickatell SOAP accounts. */
    clickatellSoap?: ClickatellAccount[];
    /** Extra Bearer tokens the 2FA service accepts. */
    mfaTokens?: string[];
    /** Extra SBT API keys and their expiry settings. */
    sbtKeys?: Record<string, TokenExpiry>;
    /** Extra Recite site users. */
    cmsUsers?: CmsUser[];
  };
}

/** URLs of each emulated service, to give to the clients. */
export interface EmulatorUrls {
  /** Base URL: the origin of every service below. */
  base: string;
  /** Clickatell document/literal SOAP endpoint (`?wsdl` serves its WSDL). */
  clickatellSoap: string;
  /** Clickatell Secure REST base URL (`POST {base}/rest/auth`). */
  clickatellMfa: string;
  /** SBT host (`https://ui.solutionsbytext.com` in production). */
  sbt: string;
  /** SBT LoginAPIService SOAP endpoint. */
  sbtSoap: string;
  /** SBT `AuthenticateAPIKey` REST URL (`?APIKey=…`). */
  sbtRest: string;
  /** SBT `MessageRSService.svc/SendMessage` REST URL. */
  sbtSendMessage: string;
  /** Recite site (`https://your-site` in production); the auth service is at `/__/webservices/auth`. */
  cmsSite: string;
  /** Recite `auth` web service endpoint (`?wsdl` serves its WSDL). */
  cmsAuth: string;
  /** Recite `forms` web service endpoint. */
  cmsForms: string;
  /** Control API (JSON): clock, faults, counters, inbox, reset. */
  control: string;
}

/**
 * A running emulator: its URLs, seeded accounts and the controls the real services lack.
 * `await using emulator = await startEmulator()` closes it when the scope ends.
 */
export interface Emulator extends AsyncDisposable {
  /** Its origin, e.g. `http://127.0.0.1:53412`. */
  readonly url: string;
  /** The URL of each service, to give to the clients. */
  readonly urls: EmulatorUrls;
  /** The seeded accounts (the same object as {@link SEEDED}). */
  readonly accounts: typeof SEEDED;
  /** The emulator's clock (now). */
  now(): number;
  /** Move the emulator's clock forward. */
  advance(ms: number): Promise<void>;
  /** Queue a fault for the next call(s) of a service. */
  inject(service: ServiceName, fault: Fault, options?: FaultOptions): void;
  /** Drop every queued fault. */
  clearFaults(): void;
  /** What a service has seen: requests, faults, log-ins, pings and live tokens. */
  counters(service: ServiceName): ServiceCounters;
  /** Forget every token/session a service issued (as if each had expired). */
  expireTokens(service: ServiceName): void;
  /** Messages "sent" to a phone number by the 2FA service (PINs included). */
  inbox(msisdn: string): InboxMessage[];
  /** Act as the phone's user solving a challenge; false when there is no such challenge. */
  solveChallenge(apiRequestId: string): boolean;
  /** Act as the phone's user getting a challenge wrong once; false when there is no such challenge. */
  failChallenge(apiRequestId: string): boolean;
  /**
   * Back to the state `startEmulator()` left it in, without a restart (same port, same URLs): seeded and
   * added accounts at their starting values (credit, users' details), every issued session, token and
   * challenge forgotten, counters and the phone inbox empty, queued faults gone, and the emulator's own
   * warp clock back on wall time. A clock passed as `options.clock` is yours: reset it yourself.
   * Requests already in flight finish against the state they started with.
   */
  reset(): void;
  /** Stop listening and drop open connections. Safe to call twice. */
  close(): Promise<void>;
  /** The same as `close()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The four services, fresh: their state (sessions, tokens, challenges, inbox, counters) is created by
 * their factories, and accounts are copied from the seeds and the caller's own, since the services spend
 * credit and edit users' details. Calling it again is how the emulator resets.
 */
function createServices(state: EmulatorState, accounts: EmulatorOptions['accounts'] = {}) {
  const copies = <T extends object>(...lists: (readonly T[] | undefined)[]): T[] =>
    lists.flatMap((list) => list ?? []).map((item) => ({ ...item }));
  return {
    'clickatell-soap': clickatellSoapService(
      state,
      copies(Object.values(SEEDED.clickatellSoap), accounts.clickatellSoap),
    ),
    'clickatell-mfa': clickatellMfaService(state, {
      tokens: [SEEDED.clickatellMfa.token, ...(accounts.mfaTokens ?? [])],
      undeliverable: [SEEDED.clickatellMfa.undeliverable],
    }),
    sbt: sbtService(state, {
      ...(Object.fromEntries(
        Object.entries(SEEDED.sbt.keys).map(([setting, key]) => [key, setting]),
      ) as Record<string, TokenExpiry>),
      ...accounts.sbtKeys,
    }),
    'cms-auth': cmsAuthService(state, copies(SEEDED.cms.users, accounts.cmsUsers), SEEDED.cms.forms),
  } satisfies Record<ServiceName, EmulatedService>;
}

/** Start all four emulated services on one loopback port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  // the emulator's own clock is the one reset() may turn back; a caller's clock is the caller's
  const ownClock = options.clock ? undefined : warpClock();
  const clock = options.clock ?? ownClock!;
  const maxBytes = options.maxRequestBytes ?? 1024 * 1024;
  let origin = '';
  const state: EmulatorState = { clock, origin: () => origin };
  const faults = new FaultPlan();
  const zero = () =>
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, 0])) as Record<ServiceName, number>;
  let routed = zero();
  let faulted = zero();
  let services = createServices(state, options.accounts);

  const emulator: Emulator = {
    get url() {
      return origin;
    },
    get urls() {
      return {
        base: origin,
        clickatellSoap: `${origin}${CLICKATELL_SOAP_PATH}`,
        clickatellMfa: origin,
        sbt: origin,
        sbtSoap: `${origin}${SBT_SOAP_PATH}`,
        sbtRest: `${origin}${SBT_REST_PATH}`,
        sbtSendMessage: `${origin}${SBT_SEND_MESSAGE_PATH}`,
        cmsSite: origin,
        cmsAuth: `${origin}${CMS_AUTH_PATH}`,
        cmsForms: `${origin}${CMS_FORMS_PATH}`,
        control: `${origin}/__emulator`,
      };
    },
    accounts: SEEDED,
    now: () => clock.now(),
    advance: async (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a non-negative number');
      if (!clock.advance) throw new Error('the clock given to startEmulator() has no advance(ms)');
      await clock.advance(ms);
    },
    inject: (service, fault, faultOptions) => faults.add(service, fault, faultOptions),
    clearFaults: () => faults.clear(),
    counters: (service) => {
      return { ...services[service].counters(), requests: routed[service], faulted: faulted[service] };
    },
    expireTokens: (service) => services[service].expireAll(),
    inbox: (msisdn) => services['clickatell-mfa'].inbox(msisdn),
    solveChallenge: (id) => services['clickatell-mfa'].solve(id),
    failChallenge: (id) => services['clickatell-mfa'].fail(id),
    reset: () => {
      services = createServices(state, options.accounts);
      faults.clear();
      routed = zero();
      faulted = zero();
      ownClock?.reset();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    [Symbol.asyncDispose]: () => emulator.close(),
  };

  const frontLimit: BodyLimit = { bytes: maxBytes, refusal: FRONT_SERVER_TOO_LARGE };
  const isControl = (path: string) => path === '/__emulator' || path.startsWith('/__emulator/');
  const serviceAt = (path: string) =>
    isControl(path) ? undefined : SERVICE_NAMES.map((name) => services[name]).find((s) => s.matches(path));
  /** The stricter of the front server's limit and the service's own (WCF's is 64 KiB). */
  const limitOf = (req: IncomingMessage): BodyLimit => {
    let path = '';
    try {
      path = new URL(req.url ?? '/', origin).pathname;
    } catch {} // not a URL: handle() answers it with a 500
    const own = serviceAt(path)?.requestLimit;
    return own && own.bytes < frontLimit.bytes ? own : frontLimit;
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('emulator error');
    });
  };
  const server: Server = createServer(serve);
  // a client that waits for `100 Continue` before a body over the limit gets the 413 instead
  server.on('checkContinue', (req, res) => {
    const limit = limitOf(req);
    if (announcesTooMuch(req, limit)) return refuseBeforeContinue(res, limit.refusal);
    res.writeContinue();
    serve(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const body = await readBody(req, res, limitOf(req));
    if (body === undefined) return;
    const request: EmulatorRequest = { method: req.method ?? 'GET', url, headers: req.headers, body };
    const path = url.pathname;
    if (isControl(path)) return answerControl(emulator, request, res);
    const service = serviceAt(path);
    if (!service) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not an emulated endpoint');
      return;
    }
    routed[service.name]++;
    const fault = faults.take(service.name);
    if (fault) faulted[service.name]++;
    await answerWithFault(fault, service.format(path), res, () => service.handle(request));
  }

  // keep idle connections long (as IIS and most real servers do): with Node's 5 s default a busy client
  // can reuse a socket the server is closing, and a POST on it fails without having been processed
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // a deep accept queue: load tests open thousands of connections at once
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () =>
      resolve(),
    );
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;
  return emulator;
}
