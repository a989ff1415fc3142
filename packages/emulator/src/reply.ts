/** One HTTP answer of an emulated service. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The longest request body an endpoint reads, and what it answers to a longer one. */
export interface BodyLimit {
  bytes: number;
  refusal: Reply;
}

/** A request as the emulated services see it. */
export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export const json = (status: number, data: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: data === undefined ? '' : JSON.stringify(data),
});

export const xml = (status: number, body: string): Reply => ({
  status,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body,
});

/** The four emulated services, named as their client packages. */
export type ServiceName = 'clickatell-soap' | 'clickatell-mfa' | 'sbt' | 'cms-auth';
export const SERVICE_NAMES: readonly ServiceName[] = ['clickatell-soap', 'clickatell-mfa', 'sbt', 'cms-auth'];

/** What the emulator counts per service and account. */
export interface ServiceCounters {
  /** Requests sent to the service (faulted ones included). */
  requests: number;
  /** Requests met by an injected fault. */
  faulted: number;
  /** Log-in calls: `auth`, `AuthenticateAPIKey`, `authenticate`; for 2FA, challenges requested. */
  auth: number;
  /** Keep-alive pings (Clickatell SOAP). */
  pings: number;
  /** Tokens, sessions or challenges still live. */
  activeTokens: number;
  /** The same counts per account: user name, API key or (2FA) phone number. */
  byAccount: Record<
    string,
    {
      /** Log-in calls of this account. */
      auth: number;
      /** Pings of this account. */
      pings: number;
      /** Live tokens of this account. */
      activeTokens: number;
    }
  >;
}

/** An emulated service: routes, answers, counts, and forgets its tokens on demand. */
export interface EmulatedService {
  readonly name: ServiceName;
  /** Whether answers on `path` are XML or JSON (fault bodies follow it). */
  format(path: string): 'xml' | 'json';
  matches(path: string): boolean;
  /** A request body limit of the service's own, when stricter than the emulator's `maxRequestBytes`. */
  readonly requestLimit?: BodyLimit;
  handle(request: EmulatorRequest): Promise<Reply>;
  /** Make every issued token/session invalid at once. */
  expireAll(): void;
  counters(): Omit<ServiceCounters, 'requests' | 'faulted'>;
}

/** Per-account call counting shared by the services (the emulator's router counts requests). */
export class CallCounter {
  readonly #byAccount = new Map<string, { auth: number; pings: number }>();

  bump(account: string, what: 'auth' | 'pings'): void {
    const entry = this.#byAccount.get(account) ?? { auth: 0, pings: 0 };
    entry[what]++;
    this.#byAccount.set(account, entry);
  }

  /** Counters, given the live token count per account. */
  snapshot(active: Map<string, number>): Omit<ServiceCounters, 'requests' | 'faulted'> {
    const byAccount: ServiceCounters['byAccount'] = {};
    let auth = 0;
    let pings = 0;
    for (const account of new Set([...this.#byAccount.keys(), ...active.keys()])) {
      const entry = this.#byAccount.get(account) ?? { auth: 0, pings: 0 };
      byAccount[account] = { ...entry, activeTokens: active.get(account) ?? 0 };
      auth += entry.auth;
      pings += entry.pings;
    }
    const activeTokens = [...active.values()].reduce((a, b) => a + b, 0);
    return { auth, pings, activeTokens, byAccount };
  }
}

/** Count live tokens per account. */
export function countBy<T>(items: Iterable<T>, accountOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(accountOf(item), (counts.get(accountOf(item)) ?? 0) + 1);
  return counts;
}
