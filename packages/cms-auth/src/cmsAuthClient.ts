import { type CallOptions, callSignal, ProtocolError, registerSecret, type Secret } from '@x/core';
import { SoapTransport } from '@x/core/soap';
import { CmsFormError, CmsLoginError, messagesOf } from './cmsErrors.js';
import { CMS_AUTH_PATH, CMS_AUTH_WSDL, CMS_FORMS_PATH, CMS_FORMS_WSDL } from './contract.js';
import { type Identity, readIdentity } from './identity.js';
import { type CmsAuthOptions, siteOf, wsdlUrlOf } from './options.js';
import { checkedFormId, checkedLogin, checkedToken, PROVIDER } from './validation.js';

/** Recite answers booleans as `true`, `'true'`, `'1'` or `1`. */
const truthy = (value: unknown) => value === true || value === 'true' || value === '1' || value === 1;

/** Recite CMS's `auth` web service (and the forms service that needs the `authToken` cookie). */
export class CmsAuthClient {
  /** Where the site publishes this service's WSDL. */
  readonly wsdlUrl: string | undefined;
  readonly #auth: SoapTransport;
  readonly #forms: SoapTransport;

  constructor(options: CmsAuthOptions) {
    const site = siteOf(options);
    this.wsdlUrl = wsdlUrlOf(site);
    const { timeoutMs, agent, proxyFromEnv } = options;
    const transport = (wsdl: string, path: string) =>
      new SoapTransport({
        provider: PROVIDER,
        wsdl,
        endpoint: `${site}${path}`,
        timeoutMs,
        agent,
        proxyFromEnv,
      });
    this.#auth = transport(options.wsdl ?? CMS_AUTH_WSDL, CMS_AUTH_PATH);
    this.#forms = transport(CMS_FORMS_WSDL, CMS_FORMS_PATH);
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
    const request = checkedLogin(input);
    const answer = (await this.#returned(this.#auth, 'authenticate', { request }, options)) as
      | Record<string, unknown>
      | undefined;
    if (!answer || !truthy(answer.success))
      throw new CmsLoginError(messagesOf(answer?.errors), { provider: PROVIDER });
    const identity = readIdentity(answer.identity);
    if (typeof answer.token !== 'string' || !identity) {
      throw new ProtocolError('log-in succeeded without a token and identity', { provider: PROVIDER });
    }
    registerSecret(answer.token);
    return { token: answer.token, identity };
  }

  /** Whether the token is live; a live token's hour starts again. */
  async isValidToken(authToken: string | Secret, options?: CallOptions): Promise<boolean> {
    return truthy(
      await this.#returned(this.#auth, 'isValidToken', { token: checkedToken(authToken) }, options),
    );
  }

  /** The user behind the token (its hour starts again), or `null` when the token is not live. */
  async getIdentity(authToken: string | Secret, options?: CallOptions): Promise<Identity | null> {
    return readIdentity(
      await this.#returned(this.#auth, 'getIdentity', { token: checkedToken(authToken) }, options),
    );
  }

  /** Log the token out. */
  async destroyToken(authToken: string | Secret, options?: CallOptions): Promise<boolean> {
    return truthy(
      await this.#returned(this.#auth, 'destroyToken', { token: checkedToken(authToken) }, options),
    );
  }

  /**
   * Submit a form through the forms web service, sending `authToken` as the `authToken` cookie (the
   * update-details form requires it). Resolves when accepted; throws `CmsFormError` with the messages.
   */
  async submitForm(
    input: { formId: string; fields: Record<string, string>; authToken?: string | Secret },
    options?: CallOptions,
  ): Promise<void> {
    const formId = checkedFormId(String(input.formId));
    const field = Object.entries(input.fields).map(([name, value]) => ({ name, value: String(value) }));
    const cookies = input.authToken === undefined ? undefined : { authToken: checkedToken(input.authToken) };
    const answer = (await this.#returned(
      this.#forms,
      'submit',
      { formId, fields: { field } },
      options,
      cookies,
    )) as Record<string, unknown> | undefined;
    if (!answer || !truthy(answer.success))
      throw new CmsFormError(messagesOf(answer?.errors), { provider: PROVIDER });
  }

  /** Nothing is held open between calls; here so that `await using` works like on every client. */
  close(): void {}

  /** `await using cms = new CmsAuthClient(…)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
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
}
