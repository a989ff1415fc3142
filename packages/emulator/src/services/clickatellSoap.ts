import { randomBytes } from 'node:crypto';
import { errLine } from '../../../clickatell-soap/src/errorCodes.js';
import { CLICKATELL_WSDL } from '../../../clickatell-soap/src/wsdl.js';
import { CallCounter, countBy, type EmulatedService } from '../reply.js';
import { soapEndpoint } from '../soapEndpoint.js';
import type { EmulatorState } from '../state.js';

export const CLICKATELL_SOAP_PATH = '/soap/document_literal/webservice';
const SESSION_IDLE_MS = 15 * 60_000;

export interface ClickatellAccount {
  apiId: string;
  user: string;
  password: string;
  credit: number;
  /** Answer every auth with this error code (frozen account, IP lockdown). */
  refuse?: '004' | '007';
}

type Args = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Clickatell's document/literal SOAP server: sessions that expire after 15 idle minutes. */
export async function clickatellSoapService(
  state: EmulatorState,
  accounts: ClickatellAccount[],
): Promise<EmulatedService> {
  const counter = new CallCounter();
  const sessions = new Map<string, { user: string; lastUsed: number }>();
  const messages = new Map<string, { user: string; to: string; status: string }>();
  const byUser = new Map(accounts.map((a) => [a.user, a]));

  const login = (args: Args): ClickatellAccount | string => {
    const account = byUser.get(one(args.user) ?? '');
    if (!account) return errLine('002');
    if (one(args.api_id) !== account.apiId) return errLine('108');
    if (one(args.password) !== account.password) return errLine('001');
    if (account.refuse) return errLine(account.refuse);
    return account;
  };

  /** The account a command runs as: a live session (extended by this use) or the credential triple. */
  const caller = (args: Args): ClickatellAccount | string => {
    const sessionId = one(args.session_id);
    if (sessionId) {
      const session = sessions.get(sessionId);
      const now = state.clock.now();
      if (!session || now - session.lastUsed >= SESSION_IDLE_MS) {
        sessions.delete(sessionId);
        return errLine('003');
      }
      session.lastUsed = now;
      return byUser.get(session.user)!;
    }
    if (args.user === undefined && args.password === undefined) return errLine('005');
    return login(args);
  };

  const run = (args: Args, fn: (account: ClickatellAccount) => string | string[]) => {
    const account = caller(args);
    return { return: typeof account === 'string' ? account : fn(account) };
  };

  const commands = {
    auth: (args: Args) => {
      const account = login(args);
      counter.bump(one(args.user) ?? '', 'auth');
      if (typeof account === 'string') return { return: account };
      const id = randomBytes(16).toString('hex');
      sessions.set(id, { user: account.user, lastUsed: state.clock.now() });
      return { return: `OK: ${id}` };
    },
    ping: (args: Args) => {
      const sessionId = one(args.session_id);
      if (!sessionId) return { return: errLine('005') };
      const account = caller(args);
      if (typeof account !== 'string') counter.bump(account.user, 'pings');
      return { return: typeof account === 'string' ? account : 'OK:' };
    },
    getbalance: (args: Args) => run(args, (a) => `Credit: ${a.credit.toFixed(3)}`),
    sendmsg: (args: Args) =>
      run(args, (account) => {
        const to = ([] as string[]).concat(args.to ?? []).flatMap((t) => t.split(','));
        if (to.length === 0 || to.length > 300) return errLine('105');
        if (!one(args.text)) return errLine('107');
        const many = to.length > 1;
        return to.map((number) => {
          const suffix = many ? ` To: ${number}` : '';
          if (!/^\d{7,15}$/.test(number)) return `${errLine('105')}${suffix}`;
          if (account.credit < 1) return `${errLine('301')}${suffix}`;
          account.credit -= 1;
          const id = randomBytes(16).toString('hex');
          messages.set(id, { user: account.user, to: number, status: '004' });
          return `ID: ${id}${suffix}`;
        });
      }),
    querymsg: (args: Args) =>
      run(args, (account) => {
        const id = one(args.apimsgid);
        if (!id) return errLine('109');
        const message = messages.get(id);
        return message && message.user === account.user
          ? `ID: ${id} Status: ${message.status}`
          : errLine('103');
      }),
    delmsg: (args: Args) =>
      run(args, (account) => {
        const id = one(args.apimsgid) ?? '';
        const message = messages.get(id);
        if (!message || message.user !== account.user) return errLine('103');
        message.status = '006';
        return `ID: ${id} Status: 006`;
      }),
    getmsgcharge: (args: Args) =>
      run(args, (account) => {
        const id = one(args.apimsgid) ?? '';
        const message = messages.get(id);
        return message && message.user === account.user
          ? `apiMsgId: ${id} charge: 1 status: ${message.status}`
          : errLine('103');
      }),
    routeCoverage: (args: Args) =>
      run(args, () =>
        /^\d{7,15}$/.test(one(args.msisdn) ?? '')
          ? 'OK: This prefix is currently supported. Messages sent to this prefix will be routed. Charge: 1'
          : errLine('105'),
      ),
    token_pay: (args: Args) => run(args, () => errLine('101')),
  };

  const serve = await soapEndpoint({
    path: CLICKATELL_SOAP_PATH,
    wsdl: CLICKATELL_WSDL,
    envelopeKey: 'SOAP-ENV',
    services: { PushServerWS: { PushServerWSPort: commands } },
  });

  return {
    name: 'clickatell-soap',
    format: () => 'xml',
    matches: (path) => path === CLICKATELL_SOAP_PATH,
    handle: async (request) => {
      return serve(request, state.origin());
    },
    expireAll: () => sessions.clear(),
    counters: () => {
      const now = state.clock.now();
      const live = [...sessions.values()].filter((s) => now - s.lastUsed < SESSION_IDLE_MS);
      return counter.snapshot(countBy(live, (s) => s.user));
    },
  };
}
