import { randomBytes } from 'node:crypto';
import {
  CAPTURED,
  CLICKATELL_NAMESPACE,
  CLICKATELL_SOAP_PATH,
  CLICKATELL_WSDL,
  errLine,
  isMsisdn,
  MAX_RECIPIENTS,
  SESSION_IDLE_MS,
} from '@x/clickatell-soap/contract';
import { CallCounter, countBy, type EmulatedService } from '../reply.js';
import { type PhpOperation, phpSoapEndpoint } from '../soap/phpSoapServer.js';
import { text, texts, type XmlFields } from '../soap/xml.js';
import type { EmulatorState } from '../state.js';

export { CLICKATELL_SOAP_PATH };

/** Numbers under this prefix have no route (the emulator's own choice, for `routecoverage`). */
export const UNROUTABLE_PREFIX = '999';

/** A Clickatell SOAP account the emulator accepts. */
export interface ClickatellAccount {
  /** The API ID that `auth` must carry. */
  apiId: string;
  /** The user name. */
  user: string;
  /** The password. */
  password: string;
  /** Credits left; each message sent spends one, and at 0 `sendmsg` answers `ERR: 301`. */
  credit: number;
  /** Answer every auth with this error code (frozen account, IP lockdown). */
  refuse?: '004' | '007';
}

/**
 * Clickatell's document/literal SOAP server (`webservice.php`): PHP's SoapServer picks the operation
 * from the body, sessions expire after 15 idle minutes, and every answer is a `return` line as the
 * seeds and captured answers show (a wrong credential and a stale session are both `ERR: 001`).
 */
export function clickatellSoapService(state: EmulatorState, accounts: ClickatellAccount[]): EmulatedService {
  const counter = new CallCounter();
  const sessions = new Map<string, { user: string; lastUsed: number }>();
  const messages = new Map<string, { user: string; to: string; status: string }>();
  const batches = new Map<string, { user: string; template: string }>();
  const byUser = new Map(accounts.map((a) => [a.user, a]));
  const newId = () => randomBytes(16).toString('hex');

  /** The account behind a credential triple; the captures show 001 for a wrong user or api_id alike. */
  const login = (args: XmlFields): ClickatellAccount | string => {
    const account = byUser.get(text(args.user) ?? '');
    if (!account || text(args.api_id) !== account.apiId || text(args.password) !== account.password) {
      return CAPTURED.authFailed;
    }
    return account.refuse ? errLine(account.refuse) : account;
  };

  /** The account a command runs as: a live session (extended by this use) or the credential triple. */
  const caller = (args: XmlFields): ClickatellAccount | string => {
    const sessionId = text(args.session_id);
    if (sessionId) {
      const session = sessions.get(sessionId);
      const now = state.clock.now();
      if (!session || now - session.lastUsed >= SESSION_IDLE_MS) {
        sessions.delete(sessionId);
        return CAPTURED.authFailed; // captured: a stale session is 001, not 003
      }
      session.lastUsed = now;
      return byUser.get(session.user)!;
    }
    if (args.user === undefined && args.password === undefined) return errLine('005');
    return login(args);
  };

  /** A command run as its caller; an error line instead when the caller is refused. */
  const command =
    (fn: (account: ClickatellAccount, args: XmlFields) => string | string[]): PhpOperation =>
    (args) => {
      const account = caller(args);
      return { return: typeof account === 'string' ? account : fn(account, args) };
    };

  /** `ID:` lines for each recipient (`To:` added when there are several), spending a credit each. */
  const deliver = (account: ClickatellAccount, recipients: string[]): string[] => {
    const to = recipients.flatMap((t) => t.split(','));
    if (to.length === 0 || to.length > MAX_RECIPIENTS) return [errLine('105')];
    return to.map((number) => {
      const suffix = to.length > 1 ? ` To: ${number}` : '';
      if (!isMsisdn(number)) return `${errLine('105')}${suffix}`;
      if (account.credit < 1) return `${errLine('301')}${suffix}`;
      account.credit -= 1;
      const id = newId();
      messages.set(id, { user: account.user, to: number, status: '004' });
      return `ID: ${id}${suffix}`;
    });
  };

  /** The caller's own message, or undefined. */
  const message = (account: ClickatellAccount, args: XmlFields) => {
    const found = messages.get(text(args.apimsgid) ?? '');
    return found?.user === account.user ? found : undefined;
  };

  /** The caller's own open batch, or undefined. */
  const batch = (account: ClickatellAccount, args: XmlFields) => {
    const found = batches.get(text(args.batch_id) ?? '');
    return found?.user === account.user ? found : undefined;
  };

  /** WAP and MMS pushes: one `ID:` line per recipient, like `sendmsg` (the real answers are not public). */
  const push = command((account, args) => deliver(account, texts(args.to)));
  /** `senditem` and `quicksend`: messages to the recipients of an open batch. */
  const toBatch = command((account, args) =>
    batch(account, args) ? deliver(account, texts(args.to)) : errLine('201'),
  );

  const operations: Record<string, PhpOperation> = {
    auth: (args) => {
      const account = login(args);
      counter.bump(text(args.user) ?? '', 'auth');
      if (typeof account === 'string') return { return: account };
      const id = newId();
      sessions.set(id, { user: account.user, lastUsed: state.clock.now() });
      return { return: `OK: ${id}` };
    },
    ping: (args) => {
      if (!text(args.session_id)) return { return: errLine('005') };
      const account = caller(args);
      if (typeof account !== 'string') counter.bump(account.user, 'pings');
      return { return: typeof account === 'string' ? account : CAPTURED.pingOk };
    },
    getbalance: command((account) => `Credit: ${account.credit.toFixed(3)}`),
    sendmsg: command((account, args) =>
      text(args.text) ? deliver(account, texts(args.to)) : errLine('107'),
    ),
    si_push: push,
    ind_push: push,
    // captured: an unknown message ID is status 001, not an error
    querymsg: command((account, args) => {
      const id = text(args.apimsgid);
      if (!id) return errLine('109');
      return `ID: ${id} Status: ${message(account, args)?.status ?? '001'}`;
    }),
    delmsg: command((account, args) => {
      const found = message(account, args);
      if (!found) return errLine('103');
      found.status = '006';
      return `ID: ${text(args.apimsgid)} Status: 006`;
    }),
    getmsgcharge: command((account, args) => {
      const found = message(account, args);
      return found ? `apiMsgId: ${text(args.apimsgid)} charge: 1 status: ${found.status}` : errLine('103');
    }),
    routecoverage: command((_account, args) => {
      const msisdn = text(args.msisdn) ?? '';
      if (!isMsisdn(msisdn)) return errLine('105');
      return msisdn.startsWith(UNROUTABLE_PREFIX) ? CAPTURED.routeUnsupported : CAPTURED.routeSupported;
    }),
    token_pay: command(() => errLine('101')),
    startbatch: command((account, args) => {
      const template = text(args.template);
      if (!template) return errLine('202');
      const id = newId();
      batches.set(id, { user: account.user, template });
      return `ID: ${id}`;
    }),
    senditem: toBatch,
    quicksend: toBatch,
    endbatch: command((account, args) => {
      if (!batch(account, args)) return errLine('201');
      batches.delete(text(args.batch_id)!);
      return 'OK';
    }),
  };

  const serve = phpSoapEndpoint({
    path: CLICKATELL_SOAP_PATH,
    wsdl: CLICKATELL_WSDL,
    namespace: CLICKATELL_NAMESPACE,
    operations,
  });

  return {
    name: 'clickatell-soap',
    format: () => 'xml',
    matches: (path) => path === CLICKATELL_SOAP_PATH,
    handle: async (request) => serve(request, state.origin()),
    expireAll: () => sessions.clear(),
    counters: () => {
      const now = state.clock.now();
      const live = [...sessions.values()].filter((s) => now - s.lastUsed < SESSION_IDLE_MS);
      return counter.snapshot(countBy(live, (s) => s.user));
    },
  };
}
