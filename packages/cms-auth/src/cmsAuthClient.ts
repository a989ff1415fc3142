import {
  AuthenticationError,
  type CallOptions,
  callSignal,
  ProtocolError,
  type ProviderErrorOptions,
  registerSecret,
  Secret,
  ServiceError,
  ValidationError,
} from '@x/core';
import { SoapTransport } from '@x/core/soap';
import { CMS_AUTH_PATH, CMS_AUTH_WSDL, CMS_FORMS_PATH, CMS_FORMS_WSDL } from './contract.js';

export const PROVIDER = 'cms-auth';

/** A site user as Recite returns them. Fields beyond `id` and `username` are optional; unknown ones are kept. */
export interface Identity {
  /** The user's ID on the site. */
  id: string;
  /** The name the user logs in with. */
  username: string;
  /** The user's e-mail address. */
  email?: string;
  /** The user's first name. */
  firstName?: string;
  /** The user's last name. */
  lastName?: string;
  /** The ID of the user directory that holds the user. */
  directoryId?: string;
  /** Any other field the site returns. */
  [field: string]: unknown;
}

/** Which Recite site a {@link CmsAuthClient} talks to (give `site`, `wsdl` or both). */
export interface CmsAuthOptions {
  /** Your Recite site, e.g. `https://www.example.com`; the service is `<site>/__/webservices/auth`. */
  site?: string;
  /** A WSDL (URL or XML text) to load instead of the bundled one; its address is used unless `site` is given. */
  wsdl?: string;
  /** One deadline for each request, its body included; default 10 s. */
  timeoutMs?: number;
  /** Your own HTTP agent (an `https.Agent` for an https site): pooling, TLS options, a proxy agent. */
  agent?: import('node:http').Agent;
  /**
   * Go through the proxy in `HTTPS_PROXY`/`HTTP_PROXY` (honouring `NO_PROXY`); default false. SOAP calls use
   * Node's own proxy support (Node 22.21 / 24.5 on); not together with `agent`.
   */
  proxyFromEnv?: boolean;
}

/** A failed log-in, with the messages the service gave (e.g. "Invalid username or password"). */
export class CmsLoginError extends AuthenticationError {
  /** The class name, so logs tell this error apart from other `ProviderError`s. */
  override name = 'CmsLoginError';
  /** The service's messages, in its order; empty when it gave none. */
  readonly errors: string[];
  constructor(errors: string[], options: ProviderErrorOptions) {
    super(errors.length > 0 ? `log-in failed: ${errors.join('; ')}` : 'log-in failed', options);
    this.errors = errors;
  }
}

/** A form submission the service refused, with its messages. */
export class CmsFormError extends ServiceError {
  /** The class name, so logs tell this error apart from other `ProviderError`s. */
  override name = 'CmsFormError';
  /** The service's messages, in its order; empty when it gave none. */
  readonly errors: string[];
  constructor(errors: string[], options: ProviderErrorOptions) {
    super(errors.length > 0 ? `form refused: ${errors.join('; ')}` : 'form refused', options);
    this.errors = errors;
  }
}

const truthy = (value: unknown) => value === true || value === 'true' || value === '1' || value === 1;
const messages = (errors: unknown): string[] => {
  const list = (errors as { error?: unknown } | undefined)?.error;
  return ([] as unknown[]).concat(list ?? []).filter((e): e is string => typeof e === 'string');
};

function readIdentity(raw: unknown): Identity | null {
  if (raw === null || typeof raw !== 'object') return null;
  const fields = raw as Record<string, unknown>;
  if (fields.id === undefined || typeof fields.username !== 'string') return null;
  return { ...fields, id: String(fields.id), username: fields.username } as Identity;
}

/** The origin of a WSDL URL, or a ValidationError: a malformed URL must not surface as a bare TypeError. */
function originOf(wsdl: string): string {
  try {
    return new URL(wsdl).origin;
  } catch {
    throw new ValidationError('wsdl is neither WSDL text nor a valid URL', {
      provider: PROVIDER,
      field: 'wsdl',
    });
  }
}

function token(value: string | Secret): Secret {
  if (!(value instanceof Secret) && (typeof value !== 'string' || !/^[\w-]{8,256}$/.test(value))) {
    throw new ValidationError('token is not a Recite auth token', { provider: PROVIDER, field: 'token' });
  }
  return Secret.from(value);
}

/** Recite CMS's `auth` web service (and the forms service that needs the `authToken` cookie). */
export class CmsAuthClient {
  /** Where the site publishes this service's WSDL. */
  readonly wsdlUrl: string | undefined;
  readonly #auth: SoapTransport;
  readonly #forms: SoapTransport;

  constructor(options: CmsAuthOptions) {
    const site = options.site?.replace(/\/+$/, '');
    if (!site && !options.wsdl)
      throw new ValidationError('site or wsdl is required', { provider: PROVIDER, field: 'site' });
    const base = site ?? (options.wsdl!.startsWith('<') ? undefined : originOf(options.wsdl!));
    if (!base)
      throw new ValidationError('a WSDL given as text needs site', { provider: PROVIDER, field: 'site' });
    this.wsdlUrl = `${base}${CMS_AUTH_PATH}?wsdl`;
    this.#auth = new SoapTransport({
      provider: PROVIDER,
      wsdl: options.wsdl ?? CMS_AUTH_WSDL,
      endpoint: `${base}${CMS_AUTH_PATH}`,
      timeoutMs: options.timeoutMs,
      agent: options.agent,
      proxyFromEnv: options.proxyFromEnv,
    });
    this.#forms = new SoapTransport({
      provider: PROVIDER,
      wsdl: CMS_FORMS_WSDL,
      endpoint: `${base}${CMS_FORMS_PATH}`,
      timeoutMs: options.timeoutMs,
      agent: options.agent,
      proxyFromEnv: options.proxyFromEnv,
    });
  }

  /** Log a site user in through a log-in form (the default one unless `formId`). */
  async authenticate(
    input: { username: string; password: string | Secret; formId?: string },
    options?: CallOptions,
  ): Promise<{
    /** The new auth token: send it back as the `authToken` cookie. */
    token: string;
    /** The user who logged in. */
    identity: Identity;
  }> {
    if (typeof input.username !== 'string' || input.username.trim() === '') {
      throw new ValidationError('username is required', { provider: PROVIDER, field: 'username' });
    }
    if (
      !(input.password instanceof Secret) &&
      (typeof input.password !== 'string' || input.password === '')
    ) {
      throw new ValidationError('password is required', { provider: PROVIDER, field: 'password' });
    }
    if (input.formId !== undefined && !/^\w+$/.test(input.formId)) {
      throw new ValidationError('formId must be a form ID', { provider: PROVIDER, field: 'formId' });
    }
    const request = {
      username: input.username,
      password: Secret.from(input.password),
      ...(input.formId ? { formId: input.formId } : {}),
    };
    const answer = (await this.#returned(this.#auth, 'authenticate', { request }, options)) as
      | Record<string, unknown>
      | undefined;
    if (!answer || !truthy(answer.success))
      throw new CmsLoginError(messages(answer?.errors), { provider: PROVIDER });
    const identity = readIdentity(answer.identity);
    if (typeof answer.token !== 'string' || !identity) {
      throw new ProtocolError('log-in succeeded without a token and identity', { provider: PROVIDER });
    }
    registerSecret(answer.token);
    return { token: answer.token, identity };
  }

  /** Whether the token is live; a live token's hour starts again. */
  async isValidToken(authToken: string | Secret, options?: CallOptions): Promise<boolean> {
    return truthy(await this.#returned(this.#auth, 'isValidToken', { token: token(authToken) }, options));
  }

  /** The user behind the token (its hour starts again), or `null` when the token is not live. */
  async getIdentity(authToken: string | Secret, options?: CallOptions): Promise<Identity | null> {
    return readIdentity(
      await this.#returned(this.#auth, 'getIdentity', { token: token(authToken) }, options),
    );
  }

  /** Log the token out. */
  async destroyToken(authToken: string | Secret, options?: CallOptions): Promise<boolean> {
    return truthy(await this.#returned(this.#auth, 'destroyToken', { token: token(authToken) }, options));
  }

  /**
   * Submit a form through the forms web service, sending `authToken` as the `authToken` cookie (the
   * update-details form requires it). Resolves when accepted; throws `CmsFormError` with the messages.
   */
  async submitForm(
    input: { formId: string; fields: Record<string, string>; authToken?: string | Secret },
    options?: CallOptions,
  ): Promise<void> {
    if (!/^\w+$/.test(String(input.formId)))
      throw new ValidationError('formId must be a form ID', { provider: PROVIDER, field: 'formId' });
    const fields = {
      field: Object.entries(input.fields).map(([name, value]) => ({ name, value: String(value) })),
    };
    const cookies = input.authToken === undefined ? undefined : { authToken: token(input.authToken) };
    const answer = (await this.#returned(
      this.#forms,
      'submit',
      { formId: input.formId, fields },
      options,
      cookies,
    )) as Record<string, unknown> | undefined;
    if (!answer || !truthy(answer.success))
      throw new CmsFormError(messages(answer?.errors), { provider: PROVIDER });
  }

  /** The `return` part of an answer; an empty answer element (e.g. no identity) has none. */
  async #returned(
    soap: SoapTransport,
    operation: string,
    args: Record<string, unknown>,
    options: CallOptions | undefined,
    cookies?: Record<string, Secret>,
  ) {
    const signal = callSignal(PROVIDER, options);
    const result = await soap.call(operation, args, {
      ...(cookies ? { cookies } : {}),
      ...(signal ? { signal } : {}),
    });
    return (result as { return?: unknown } | null)?.return;
  }

  /** Nothing is held open between calls; here so that `await using` works like on every client. */
  close(): void {}

  /** `await using cms = new CmsAuthClient(…)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
