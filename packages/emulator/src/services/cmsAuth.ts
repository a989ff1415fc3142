import { randomBytes } from 'node:crypto';
import {
  AUTH_TOKEN_COOKIE,
  CMS_AUTH_NAMESPACE,
  CMS_AUTH_PATH,
  CMS_AUTH_WSDL,
  CMS_FORMS_NAMESPACE,
  CMS_FORMS_PATH,
  CMS_FORMS_WSDL,
  TOKEN_IDLE_MS,
} from '@x/cms-auth/contract';
import { CallCounter, countBy, type EmulatedService, type EmulatorRequest } from '../reply.js';
import { phpSoapEndpoint } from '../soap/phpSoapServer.js';
import { text, type XmlFields, type XmlValue } from '../soap/xml.js';
import type { EmulatorState } from '../state.js';

export { CMS_AUTH_PATH, CMS_FORMS_PATH };

/** A Recite site user the emulator can log in; all but `password` come back as the identity. */
export interface CmsUser {
  /** The user's ID on the site. */
  id: string;
  /** The name the user logs in with. */
  username: string;
  /** The password. */
  password: string;
  /** The user's e-mail address. */
  email: string;
  /** The user's first name. */
  firstName: string;
  /** The user's last name. */
  lastName: string;
  /** The ID of the user directory that holds the user; a log-in form accepts the users of one directory. */
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
export function cmsAuthService(state: EmulatorState, users: CmsUser[], forms: CmsForms): EmulatedService {
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

  const fields = (value: XmlValue | XmlValue[] | undefined): XmlFields =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

  const auth = phpSoapEndpoint({
    path: CMS_AUTH_PATH,
    wsdl: CMS_AUTH_WSDL,
    namespace: CMS_AUTH_NAMESPACE,
    operations: {
      authenticate: (args) => {
        const login = fields(args.request);
        const [username, password] = [text(login.username), text(login.password)];
        counter.bump(username ?? '', 'auth');
        const errors: string[] = [];
        if (!username) errors.push('Please enter your username');
        if (!password) errors.push('Please enter your password');
        const formId = text(login.formId) || Object.keys(forms.login)[0]!;
        const directory = Object.hasOwn(forms.login, formId) ? forms.login[formId] : undefined;
        if (!directory) errors.push('The log in form could not be found');
        if (errors.length > 0) return { return: { success: false, errors: { error: errors } } };
        const user = users.find((u) => u.username === username && u.directoryId === directory);
        if (!user || user.password !== password) {
          return { return: { success: false, errors: { error: ['Invalid username or password'] } } };
        }
        const token = randomBytes(20).toString('hex');
        tokens.set(token, { userId: user.id, lastUsed: state.clock.now() });
        return { return: { success: true, token, identity: identityOf(user) } };
      },
      isValidToken: (args) => ({ return: use(text(args.token)) !== undefined }),
      getIdentity: (args) => {
        const user = use(text(args.token));
        return user ? { return: identityOf(user) } : {};
      },
      destroyToken: (args) => {
        const token = text(args.token);
        return { return: token ? tokens.delete(token) : false };
      },
    },
  });

  const formsEndpoint = phpSoapEndpoint({
    path: CMS_FORMS_PATH,
    wsdl: CMS_FORMS_WSDL,
    namespace: CMS_FORMS_NAMESPACE,
    operations: {
      submit: (args, request) => {
        const fail = (error: string) => ({ return: { success: false, errors: { error: [error] } } });
        if (text(args.formId) !== forms.updateDetails) return fail('The form could not be found');
        const user = use(cookie(request, AUTH_TOKEN_COOKIE));
        if (!user) return fail('You must be logged in to update your details');
        const submitted = fields(args.fields).field;
        for (const field of (Array.isArray(submitted) ? submitted : [submitted]).map(fields)) {
          const [name, value] = [text(field.name), text(field.value) ?? ''];
          if (name === 'firstName' || name === 'lastName' || name === 'email') user[name] = value;
        }
        return { return: { success: true } };
      },
    },
  });

  return {
    name: 'cms-auth',
    format: () => 'xml',
    matches: (path) => path === CMS_AUTH_PATH || path === CMS_FORMS_PATH,
    handle: async (request) => {
      // passing the token in the authToken cookie refreshes it, whatever the call
      const fromCookie = cookie(request, AUTH_TOKEN_COOKIE);
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
