import { randomBytes } from 'node:crypto';
import { CMS_AUTH_WSDL, CMS_FORMS_WSDL } from '../../../cms-auth/src/wsdl.js';
import { CallCounter, countBy, type EmulatedService, type EmulatorRequest } from '../reply.js';
import { soapEndpoint } from '../soapEndpoint.js';
import type { EmulatorState } from '../state.js';

export const CMS_AUTH_PATH = '/__/webservices/auth';
export const CMS_FORMS_PATH = '/__/webservices/forms';
const TOKEN_IDLE_MS = 60 * 60_000;

export interface CmsUser {
  id: string;
  username: string;
  password: string;
  email: string;
  firstName: string;
  lastName: string;
  directoryId: string;
}

export interface CmsForms {
  /** Log-in forms: form ID → the user directory it logs users in from. The first is the default. */
  login: Record<string, string>;
  /** The "update details" form, which needs the authToken cookie. */
  updateDetails: string;
}

const identityOf = ({ password: _password, ...identity }: CmsUser) => identity;

function cookie(request: EmulatorRequest, name: string): string | undefined {
  const header = String(request.headers.cookie ?? '');
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Recite CMS `auth` and `forms` web services: tokens that expire after an unused hour. */
export async function cmsAuthService(
  state: EmulatorState,
  users: CmsUser[],
  forms: CmsForms,
): Promise<EmulatedService> {
  const counter = new CallCounter();
  const tokens = new Map<string, { userId: string; lastUsed: number }>();

  /** The user behind a token, refreshing its time stamp; undefined when unknown or idle too long. */
  const use = (token: string | undefined) => {
    const entry = token ? tokens.get(token) : undefined;
    const now = state.clock.now();
    if (!entry || now - entry.lastUsed >= TOKEN_IDLE_MS) {
      if (token) tokens.delete(token);
      return undefined;
    }
    entry.lastUsed = now;
    return users.find((u) => u.id === entry.userId);
  };

  const auth = await soapEndpoint({
    path: CMS_AUTH_PATH,
    wsdl: CMS_AUTH_WSDL,
    envelopeKey: 'SOAP-ENV',
    services: {
      authService: {
        authPort: {
          authenticate: ({
            request,
          }: {
            request?: { username?: string; password?: string; formId?: string };
          }) => {
            counter.bump(request?.username ?? '', 'auth');
            const errors: string[] = [];
            if (!request?.username) errors.push('Please enter your username');
            if (!request?.password) errors.push('Please enter your password');
            const formId = request?.formId ?? Object.keys(forms.login)[0]!;
            const directory = forms.login[formId];
            if (!directory) errors.push('The log in form could not be found');
            if (errors.length > 0) return { return: { success: false, errors: { error: errors } } };
            const user = users.find((u) => u.username === request!.username && u.directoryId === directory);
            if (!user || user.password !== request!.password) {
              return { return: { success: false, errors: { error: ['Invalid username or password'] } } };
            }
            const token = randomBytes(20).toString('hex');
            tokens.set(token, { userId: user.id, lastUsed: state.clock.now() });
            return { return: { success: true, token, identity: identityOf(user) } };
          },
          isValidToken: ({ token }: { token?: string }) => ({ return: use(token) !== undefined }),
          getIdentity: ({ token }: { token?: string }) => {
            const user = use(token);
            return user ? { return: identityOf(user) } : {};
          },
          destroyToken: ({ token }: { token?: string }) => ({ return: token ? tokens.delete(token) : false }),
        },
      },
    },
  });

  const formsEndpoint = await soapEndpoint({
    path: CMS_FORMS_PATH,
    wsdl: CMS_FORMS_WSDL,
    envelopeKey: 'SOAP-ENV',
    services: {
      formsService: {
        formsPort: {
          submit: (
            args: {
              formId?: string;
              fields?: { field?: { name: string; value: string }[] | { name: string; value: string } };
            },
            _callback: unknown,
            _headers: unknown,
            req: { headers?: Record<string, string> },
          ) => {
            const fail = (error: string) => ({ return: { success: false, errors: { error: [error] } } });
            if (args.formId !== forms.updateDetails) return fail('The form could not be found');
            const user = use(cookie({ headers: req.headers ?? {} } as EmulatorRequest, 'authToken'));
            if (!user) return fail('You must be logged in to update your details');
            for (const field of ([] as { name: string; value: string }[]).concat(args.fields?.field ?? [])) {
              if (field.name === 'firstName' || field.name === 'lastName' || field.name === 'email')
                user[field.name] = field.value;
            }
            return { return: { success: true } };
          },
        },
      },
    },
  });

  return {
    name: 'cms-auth',
    format: () => 'xml',
    matches: (path) => path === CMS_AUTH_PATH || path === CMS_FORMS_PATH,
    handle: async (request) => {
      // passing the token in the authToken cookie refreshes it, whatever the call
      const fromCookie = cookie(request, 'authToken');
      if (fromCookie && request.url.pathname === CMS_AUTH_PATH) use(fromCookie);
      return (request.url.pathname === CMS_AUTH_PATH ? auth : formsEndpoint)(request, state.origin());
    },
    expireAll: () => tokens.clear(),
    counters: () => {
      const now = state.clock.now();
      const live = [...tokens.values()].filter((t) => now - t.lastUsed < TOKEN_IDLE_MS);
      return counter.snapshot(countBy(live, (t) => users.find((u) => u.id === t.userId)?.username ?? '?'));
    },
  };
}
