import { CmsAuthClient, CmsFormError, CmsLoginError } from '@x/cms-auth';
import { CMS_AUTH_WSDL, CMS_FORMS_WSDL } from '@x/cms-auth/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { phpServer } from './phpServer.js';

/**
 * Our Recite client against PHP's own `SoapServer` on our `auth` and `forms` WSDLs, behind PHP's built-in web
 * server (./php/cms_server.php), as a Recite site runs them: nested complex types, booleans, a list of error
 * messages, and the `authToken` cookie on a form submission.
 */
const user = { username: 'alice', password: 'pa<ss>&"word' };

interface State {
  tokens: string[];
  forms: { formId: string; fields: Record<string, string> }[];
}
let php: Awaited<ReturnType<typeof phpServer<State>>>;

beforeAll(async () => {
  php = await phpServer<State>(
    'cms_server.php',
    { AUTH_WSDL_FILE: CMS_AUTH_WSDL, FORMS_WSDL_FILE: CMS_FORMS_WSDL },
    { USER_NAME: user.username, PASSWORD: user.password },
  );
});
afterAll(() => php?.stop());
beforeEach(() => php.setState({ tokens: [], forms: [] }));

describe("CmsAuthClient against PHP's SoapServer", () => {
  it('logs in, checks the token, reads the user, submits a form with the cookie, logs out', async () => {
    await using cms = new CmsAuthClient({ site: php.url });
    const { token, identity } = await cms.authenticate(user);
    expect(php.state().tokens).toEqual([token]);
    expect(identity).toMatchObject({
      id: '42',
      username: 'alice',
      email: 'alice@example.com',
      lastName: 'Liddell',
    });
    expect(await cms.isValidToken(token)).toBe(true);
    expect(await cms.getIdentity(token)).toMatchObject({ username: 'alice', directoryId: '7' });

    await cms.submitForm({
      formId: '10',
      fields: { email: 'new@example.com', city: 'Oxford' },
      authToken: token,
    });
    expect(php.state().forms).toEqual([
      { formId: '10', fields: { email: 'new@example.com', city: 'Oxford' } },
    ]);

    expect(await cms.destroyToken(token)).toBe(true);
    expect(await cms.isValidToken(token)).toBe(false);
    expect(await cms.getIdentity(token)).toBeNull();
    const refused = await cms
      .submitForm({ formId: '10', fields: { email: 'x@example.com' }, authToken: token })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CmsFormError);
    expect(refused).toMatchObject({ errors: ['Please log in first'] });
  });

  it("a wrong password → CmsLoginError with PHP's messages", async () => {
    await using cms = new CmsAuthClient({ site: php.url });
    const error = await cms.authenticate({ ...user, password: 'wrong' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsLoginError);
    expect(error).toMatchObject({ errors: ['Invalid username or password'] });
    expect(php.state().tokens).toEqual([]);
  });
});
