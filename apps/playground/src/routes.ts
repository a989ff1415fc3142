import type { IncomingMessage } from 'node:http';
import { fromNodeRequest } from '@x/cms-auth';
import { CHALLENGE_KINDS, FAULTS, type Flows, MAX_WARP_MS, SERVICES, TRANSPORTS } from './flows.ts';
import { invalid } from './playgroundErrors.ts';

export interface RouteContext {
  flows: Flows;
  body: Record<string, unknown>;
  query: URLSearchParams;
  req: IncomingMessage;
  /** Send this `Set-Cookie` with the answer. */
  setCookie(value: string): void;
}

export interface Route {
  run(ctx: RouteContext): Promise<unknown>;
  /** The SDK call the route just made, as the page's snippet shows it. */
  sdk?(ctx: RouteContext): string;
  /**
   * When this call would act on a real account: the question the person is asked first, naming every
   * parameter that changes what is done (the server's confirmation is bound to these words). Undefined when
   * it goes to the emulator or touches nothing real. Reads and checks its fields like `run`.
   */
  confirm?(ctx: RouteContext): string | undefined;
}

// Readers of the JSON body: each throws a typed ValidationError naming the field, before anything is sent.
const text = (body: Record<string, unknown>, field: string, { optional = false } = {}): string => {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (optional) return '';
    throw invalid(field, 'is required');
  }
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length > 200) throw invalid(field, 'is too long');
  return value;
};
const oneOf = <T extends string>(body: Record<string, unknown>, field: string, values: readonly T[]): T => {
  const value = body[field];
  if (typeof value !== 'string' || !values.includes(value as T))
    throw invalid(field, `must be one of ${values.join(', ')}`);
  return value as T;
};
const flag = (body: Record<string, unknown>, field: string): boolean => {
  const value = body[field] ?? false;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value;
};
const quoted = (value: unknown) => JSON.stringify(value ?? '');

const CHALLENGE_NAMES: Record<(typeof CHALLENGE_KINDS)[number], string> = {
  pin: 'PIN',
  grid: 'Grid',
  gridplus: 'GridPlus',
};
/** The question for an SBT call on the real key, from its checked setting; none on the emulator. */
const realSbt = ({ flows, body }: RouteContext, ask: (setting: string) => string | undefined) => {
  const setting = oneOf(body, 'setting', flows.sbt.settings);
  return flows.targets.sbt === 'real' ? ask(setting) : undefined;
};
const ENDS_OTHERS =
  'Under Expire On New a new token ends the one every other app on this key holds (production included).';
const expireOnNewOnly = (question: string) => (setting: string) =>
  setting === 'expire-on-new' ? `${question} ${ENDS_OTHERS}` : undefined;

/** What the page asks for, each route validating its input first. */
export const routes: Record<string, Route> = {
  'GET /api/state': {
    run: async ({ flows }) => ({
      targets: flows.targets,
      now: flows.now(),
      warpable: flows.emulator !== undefined,
      clickatell: { info: flows.clickatell.info(), keepAlive: flows.clickatell.keepAlive() },
      mfa: { phone: flows.mfa.phone ?? null, challenges: flows.mfa.challenges() },
      sbt: flows.sbt.rows(),
      cms: { forms: flows.cms.forms },
      timeline: flows.timeline.events,
    }),
  },
  'GET /api/exchanges': {
    run: async ({ flows, query }) => {
      const after = Number(query.get('after') ?? 0);
      if (!Number.isSafeInteger(after) || after < 0) throw invalid('after', 'must be an exchange id');
      return { exchanges: flows.recorder.list(after) };
    },
  },
  'POST /api/warp': {
    run: async ({ flows, body }) => {
      const minutes = body.minutes;
      if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0)
        throw invalid('minutes', 'must be a positive number');
      if (minutes * 60_000 > MAX_WARP_MS) throw invalid('minutes', 'at most 10 years at a time');
      await flows.warp(Math.round(minutes * 60_000));
      return { now: flows.now() };
    },
    sdk: ({ body }) =>
      `await emulator.advance(${Number(body.minutes)} * 60_000); // the emulator and its clients share this clock`,
  },
  'POST /api/faults': {
    run: async ({ flows, body }) => {
      const service = oneOf(body, 'service', SERVICES);
      const fault = oneOf(body, 'fault', FAULTS);
      if (fault === 'invalid-token' && service === 'clickatell-mfa')
        throw invalid('fault', 'the 2FA service has no token to invalidate (its Bearer token is fixed)');
      flows.faults.inject(service, fault);
      return { ok: true };
    },
    sdk: ({ body }) =>
      body.fault === 'invalid-token'
        ? `emulator.expireTokens(${quoted(body.service)}); // the server forgets every token it issued`
        : `emulator.inject(${quoted(body.service)}, ${faultLiteral(body.fault)}); // the next call only`,
  },
  'POST /api/clickatell/login': {
    run: ({ flows }) => flows.clickatell.login(),
    sdk: () => 'const sessionId = await clickatell.sessionId(); // cached; auth only when there is none',
  },
  'POST /api/clickatell/ping': {
    run: ({ flows }) => flows.clickatell.ping(),
    sdk: () => 'await clickatell.ping(); // extends the 15-minute idle expiry',
  },
  'POST /api/clickatell/balance': {
    run: async ({ flows }) => ({ credit: await flows.clickatell.balance() }),
    sdk: () => 'const credit = await clickatell.getBalance(); // a stale session is renewed and retried once',
  },
  'POST /api/clickatell/keep-alive': {
    run: async ({ flows, body }) => {
      await flows.clickatell.setKeepAlive(flag(body, 'on'));
      return { keepAlive: flows.clickatell.keepAlive() };
    },
    sdk: ({ body }) =>
      `clickatell.close(); // ${body.on ? 'a new client pings the session' : 'no more keep-alive pings'}
clickatell = new ClickatellSoapClient({ apiId, user, password, store, keepAlive: ${Boolean(body.on)} });
await clickatell.sessionId(); // takes the held session from the store, no auth call`,
  },
  'POST /api/mfa/request': {
    confirm: ({ flows, body }) => {
      const kind = oneOf(body, 'kind', CHALLENGE_KINDS);
      const to = text(body, 'to');
      return flows.targets.mfa === 'real'
        ? `Send a real ${CHALLENGE_NAMES[kind]} challenge to ${to} through your Clickatell 2FA integration?`
        : undefined;
    },
    run: ({ flows, body }) => flows.mfa.request(oneOf(body, 'kind', CHALLENGE_KINDS), text(body, 'to')),
    sdk: ({ body }) =>
      body.kind === 'pin'
        ? `const { apiRequestId } = await mfa.requestPin({ to: ${quoted(body.to)}, maximumRetries: 3 });`
        : `const { apiRequestId } = await mfa.requestGrid({ to: ${quoted(body.to)}, gridPlus: ${body.kind === 'gridplus'} });`,
  },
  'POST /api/mfa/verify': {
    run: ({ flows, body }) => flows.mfa.verify(text(body, 'id'), text(body, 'pin')),
    sdk: () => 'const status = await mfa.verifyPin(apiRequestId, pin); // 020 solved, 030 failed attempt, …',
  },
  'POST /api/mfa/solve': {
    run: ({ flows, body }) => flows.mfa.solve(text(body, 'id')),
    sdk: () =>
      "emulator.solveChallenge(apiRequestId); // the phone's user\nawait mfa.waitForResult(apiRequestId, { onStatus });",
  },
  'POST /api/mfa/inbox': {
    run: async ({ flows, body }) => ({ messages: flows.mfa.inbox(text(body, 'to')) }),
    sdk: ({ body }) => `emulator.inbox(${quoted(body.to)}); // what the phone received`,
  },
  'POST /api/sbt/token': {
    confirm: (ctx) =>
      realSbt(
        ctx,
        expireOnNewOnly('Take a token with the real SBT key (expire-on-new) if the client holds none?'),
      ),
    run: ({ flows, body }) => flows.sbt.token(text(body, 'setting')),
    sdk: ({ body }) =>
      `const sbt = new SbtClient({ apiKey, tokenExpiry: ${quoted(body.setting)} });\nconst token = await sbt.securityToken(); // cached under the expiry setting`,
  },
  'POST /api/sbt/send': {
    confirm: (ctx) =>
      realSbt(ctx, (setting) => {
        const question = `Send a real SMS to ${ctx.flows.sbt.recipient} with the real SBT key (${setting}), billed to your account?`;
        return (
          expireOnNewOnly(`${question} It takes a token first if the client holds none.`)(setting) ?? question
        );
      }),
    run: ({ flows, body }) => flows.sbt.send(text(body, 'setting')),
    sdk: () =>
      "await sbt.sendMessage({ orgCode, message: 'Hello from the playground', to: ['5551234567'] });",
  },
  'POST /api/sbt/other-app': {
    confirm: (ctx) =>
      realSbt(
        ctx,
        expireOnNewOnly('Authenticate the real SBT key (expire-on-new) again, as another app would?'),
      ),
    run: async ({ flows, body }) => {
      await flows.sbt.otherApp(text(body, 'setting'));
      return { ok: true };
    },
    sdk: () =>
      `const otherApp = new SbtClient({ apiKey, tokenExpiry, store: new MemoryTokenStore() }); // not ours
await otherApp.securityToken(); // its own token, drawn on its own lane`,
  },
  'POST /api/sbt/transport': {
    run: async ({ flows, body }) => {
      flows.sbt.setTransport(text(body, 'setting'), oneOf(body, 'transport', TRANSPORTS));
      return { ok: true };
    },
    sdk: ({ body }) =>
      `new SbtClient({ apiKey, tokenExpiry: ${quoted(body.setting)}, transport: ${quoted(body.transport)} });`,
  },
  'POST /api/cms/login': {
    confirm: ({ flows, body }) => {
      const username = text(body, 'username');
      const formId = text(body, 'formId', { optional: true });
      return flows.targets.cms === 'real'
        ? `Log in to the real Recite site ${flows.cms.site} as ${username}${formId ? ` with form ${formId}` : ''}?`
        : undefined;
    },
    run: async ({ flows, body, setCookie }) => {
      const formId = text(body, 'formId', { optional: true });
      if (formId && !flows.cms.forms.includes(formId))
        throw invalid('formId', `must be one of ${flows.cms.forms.join(', ')}`);
      const { identity, setCookie: cookie } = await flows.cms.login(
        text(body, 'username'),
        text(body, 'password'),
        formId || undefined,
      );
      setCookie(cookie);
      return { identity };
    },
    sdk: ({ body }) =>
      `const { identity, setCookie } = await auth.login({ username: ${quoted(body.username)}, password, formId: ${quoted(body.formId)} });`,
  },
  'GET /api/cms/me': {
    run: ({ flows, req }) => flows.cms.me(fromNodeRequest(req)),
    sdk: () => 'const user = await auth.currentUser(request); // reads the authToken cookie',
  },
  'POST /api/cms/logout': {
    run: async ({ flows, req, setCookie }) => {
      const { setCookie: cookie, wasLoggedIn } = await flows.cms.logout(fromNodeRequest(req));
      setCookie(cookie);
      return { wasLoggedIn };
    },
    sdk: () => 'const { setCookie } = await auth.logout(request); // destroyToken, then clear the cookie',
  },
};

function faultLiteral(fault: unknown): string {
  if (fault === 'timeout' || fault === 'slow') return "{ type: 'delay', ms }";
  if (fault === 'reset') return "{ type: 'reset' }";
  return "{ type: 'status', status: 500 }";
}
