import { randomBytes, randomInt } from 'node:crypto';
import {
  CHALLENGE_STATUSES,
  DEFAULT_EXPIRE_MINUTES,
  DEFAULT_MAXIMUM_RETRIES,
  findChallengeProblem,
  MFA_AUTH_PATH,
} from '@x/clickatell-mfa/contract';
import { CLICKATELL_ERRORS } from '@x/clickatell-soap/contract';
import {
  CallCounter,
  countBy,
  type EmulatedService,
  type EmulatorRequest,
  json,
  type Reply,
} from '../reply.js';
import type { EmulatorState } from '../state.js';

/** A message the emulator "sent" to a phone. */
export interface InboxMessage {
  /** The phone number it went to. */
  to: string;
  /** The challenge it belongs to. */
  apiRequestId: string;
  /** `pin`, `grid` or `gridplus`. */
  authType: string;
  /** The SMS text the phone's user would read. */
  text: string;
  /** The PIN, for PIN challenges. */
  pin?: string;
  /** When it was sent, on the emulator's clock (epoch ms). */
  at: number;
}

interface Challenge {
  id: string;
  token: string;
  authType: string;
  to: string;
  pin?: string;
  expiresAt: number;
  attemptsLeft: number;
  status: string;
}

const TERMINAL = new Set(
  Object.entries(CHALLENGE_STATUSES).flatMap(([code, s]) => (s.terminal ? [code] : [])),
);
const NUMERIC_FIELDS = [
  'overrideExpireTime',
  'maximumRetries',
  'numberOfChallenges',
  'numberOfImagesPerChallenge',
];

function errorBody(status: number, code: string): Reply {
  const description = CLICKATELL_ERRORS[code]?.description ?? 'Error';
  return json(status, {
    error: { code, description, documentation: `http://www.clickatell.com/help/apidocs/error/${code}.htm` },
  });
}

/** Clickatell Secure REST 2FA: PIN / Grid / GridPlus challenges, a phone inbox and a phone user. */
export function clickatellMfaService(
  state: EmulatorState,
  options: { tokens: string[]; undeliverable: string[] },
): EmulatedService & {
  inbox(msisdn: string): InboxMessage[];
  solve(apiRequestId: string): boolean;
  fail(apiRequestId: string): boolean;
} {
  const counter = new CallCounter();
  const challenges = new Map<string, Challenge>();
  const inbox: InboxMessage[] = [];
  const tokens = new Set(options.tokens);

  /** The challenge as of now: a pending one past its expire time has timed out. */
  const current = (id: string): Challenge | undefined => {
    const challenge = challenges.get(id);
    if (challenge && !TERMINAL.has(challenge.status) && state.clock.now() >= challenge.expiresAt)
      challenge.status = '050';
    return challenge;
  };

  const statusBody = (code: string) => {
    const status = CHALLENGE_STATUSES[code]!;
    return json(200, {
      data: { challengeStatus: code, challengeSolved: code === '020', description: status.description },
    });
  };

  const attempt = (challenge: Challenge, solved: boolean) => {
    if (TERMINAL.has(challenge.status)) return;
    if (solved) {
      challenge.status = '020';
      return;
    }
    challenge.attemptsLeft--;
    challenge.status = challenge.attemptsLeft <= 0 ? '051' : challenge.authType === 'pin' ? '030' : '010';
  };

  const create = (request: EmulatorRequest, token: string): Reply => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body);
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return errorBody(400, '100');
    }
    // the published examples send numbers as strings
    for (const field of NUMERIC_FIELDS) {
      if (typeof body[field] === 'string' && /^\d+$/.test(body[field] as string))
        body[field] = Number(body[field]);
    }
    const problem = findChallengeProblem(body);
    if (problem)
      return errorBody(400, problem.field === 'to' ? '105' : problem.field === 'from' ? '106' : '101');
    const authType = body.authType as string;
    const to = body.to as string;
    const id = randomBytes(16).toString('hex');
    const now = state.clock.now();
    const pin =
      authType === 'pin'
        ? ((body.customPin as string | undefined) ?? String(randomInt(0, 1_000_000)).padStart(6, '0'))
        : undefined;
    const challenge: Challenge = {
      id,
      token,
      authType,
      to,
      ...(pin === undefined ? {} : { pin }),
      expiresAt: now + ((body.overrideExpireTime as number | undefined) ?? DEFAULT_EXPIRE_MINUTES) * 60_000,
      attemptsLeft: (body.maximumRetries as number | undefined) ?? DEFAULT_MAXIMUM_RETRIES,
      status: options.undeliverable.includes(to) ? '052' : '010',
    };
    challenges.set(id, challenge);
    counter.bump(to, 'auth');
    if (challenge.status === '010') {
      const text = pin
        ? `Your verification PIN is ${pin}`
        : `Solve the ${authType} challenge sent to this phone`;
      inbox.push({ to, apiRequestId: id, authType, text, ...(pin === undefined ? {} : { pin }), at: now });
    }
    return json(202, { data: { apiRequestId: id } });
  };

  const handle = async (request: EmulatorRequest): Promise<Reply> => {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!token || !tokens.has(token)) return json(401, undefined);
    if (request.headers['x-version'] !== '1') return errorBody(400, '101');
    const id = request.url.pathname.slice(MFA_AUTH_PATH.length + 1);
    if (request.method === 'POST' && id === '') return create(request, token);
    if (!id || id.includes('/')) return errorBody(404, '101');
    const challenge = current(id);
    if (!challenge || challenge.token !== token) return statusBody('001');
    if (request.method === 'GET') return statusBody(challenge.status);
    if (request.method === 'PUT') {
      let pinCode: unknown;
      try {
        pinCode = JSON.parse(request.body)?.pinCode;
      } catch {
        return errorBody(400, '100');
      }
      if (typeof pinCode !== 'string' && typeof pinCode !== 'number') return errorBody(400, '101');
      if (challenge.authType === 'pin') attempt(challenge, String(pinCode) === challenge.pin);
      return statusBody(challenge.status);
    }
    return json(405, { error: { code: '101', description: 'Method not allowed', documentation: '' } });
  };

  const phoneUser = (solved: boolean) => (id: string) => {
    const challenge = current(id);
    if (!challenge) return false;
    attempt(challenge, solved);
    return true;
  };

  return {
    name: 'clickatell-mfa',
    format: () => 'json',
    matches: (path) => path === MFA_AUTH_PATH || path.startsWith(`${MFA_AUTH_PATH}/`),
    handle,
    expireAll: () => {
      for (const challenge of challenges.values())
        if (!TERMINAL.has(challenge.status)) challenge.status = '050';
    },
    counters: () => {
      const live = [...challenges.values()].filter(
        (c) => current(c.id)?.status === '010' || c.status === '030',
      );
      return counter.snapshot(countBy(live, (c) => c.to));
    },
    inbox: (msisdn) => inbox.filter((message) => message.to === msisdn),
    solve: phoneUser(true),
    fail: phoneUser(false),
  };
}
