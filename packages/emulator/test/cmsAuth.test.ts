import { describe, expect, it } from 'vitest';
import { SEEDED } from '../src/index.js';
import { post, returned, useEmulator } from './helpers.js';

const alice = SEEDED.cms.users[0]!;
const envelope = (ns: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="${ns}"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
const AUTH = 'urn:Module_Webservices_Auth';

describe('emulator: Recite CMS auth', () => {
  const ctx = useEmulator();
  const auth = (body: string, headers?: Record<string, string>) =>
    post(ctx.emulator.urls.cmsAuth, envelope(AUTH, body), headers);
  const login = async (username: string, password: string, formId?: string) =>
    (
      await auth(
        `<ns1:authenticate><request><username>${username}</username><password>${password}</password>${formId ? `<formId>${formId}</formId>` : ''}</request></ns1:authenticate>`,
      )
    ).text;
  const valid = async (token: string) =>
    returned((await auth(`<ns1:isValidToken><token>${token}</token></ns1:isValidToken>`)).text);

  it('logs a user in through a form; wrong password or wrong directory → errors list', async () => {
    const ok = await login('alice', 'wonderland', '10');
    expect(ok).toMatch(
      /<success>true<\/success><token>[0-9a-f]{40}<\/token><identity><id>1001<\/id><username>alice<\/username>/,
    );
    expect(await login('alice', 'nope')).toContain(
      '<success>false</success><errors><error>Invalid username or password</error></errors>',
    );
    expect(await login('alice', 'wonderland', '11')).toContain('<error>Invalid username or password</error>');
    expect(await login('bob', 'builder', '11')).toContain('<success>true</success>');
    expect(await login('alice', 'wonderland', '99')).toContain(
      '<error>The log in form could not be found</error>',
    );
  });

  it("answers an operation outside the service's namespace as PHP does: Procedure '…' not present", async () => {
    const token = /<token>(\w+)<\/token>/.exec(await login(alice.username, alice.password))![1]!;
    const notPresent = "<faultstring>Procedure 'isValidToken' not present</faultstring>";
    expect((await auth(`<isValidToken><token>${token}</token></isValidToken>`)).text).toContain(notPresent);
    // the forms service's namespace is another service's: the auth endpoint has no such procedure
    const forms = `<f:isValidToken xmlns:f="urn:Module_Webservices_Forms"><token>${token}</token></f:isValidToken>`;
    expect((await auth(forms)).text).toContain(notPresent);
    expect(await valid(token)).toBe('true');
  });

  it('tokens slide: 59 idle minutes → valid, then 61 → invalid; destroyToken ends them', async () => {
    const token = /<token>(\w+)<\/token>/.exec(await login(alice.username, alice.password))![1]!;
    await ctx.clock.advance(59 * 60_000);
    expect(await valid(token)).toBe('true');
    await ctx.clock.advance(59 * 60_000); // 118 minutes after log-in, 59 after the last use
    expect((await auth(`<ns1:getIdentity><token>${token}</token></ns1:getIdentity>`)).text).toContain(
      '<username>alice</username>',
    );
    await ctx.clock.advance(61 * 60_000);
    expect((await auth(`<ns1:getIdentity><token>${token}</token></ns1:getIdentity>`)).text).not.toContain(
      '<username>',
    );
    expect(await valid(token)).toBe('false');
    const second = /<token>(\w+)<\/token>/.exec(await login(alice.username, alice.password))![1]!;
    expect(returned((await auth(`<ns1:destroyToken><token>${second}</token></ns1:destroyToken>`)).text)).toBe(
      'true',
    );
    expect(await valid(second)).toBe('false');
  });

  it('the authToken cookie refreshes the token; the update-details form requires it', async () => {
    const token = /<token>(\w+)<\/token>/.exec(await login(alice.username, alice.password))![1]!;
    const submit = (headers: Record<string, string>) =>
      post(
        ctx.emulator.urls.cmsForms,
        envelope(
          'urn:Module_Webservices_Forms',
          '<ns1:submit><formId>20</formId><fields><field><name>firstName</name><value>Alicia</value></field></fields></ns1:submit>',
        ),
        headers,
      );
    expect((await submit({})).text).toContain(
      '<success>false</success><errors><error>You must be logged in to update your details</error>',
    );
    await ctx.clock.advance(50 * 60_000);
    expect((await submit({ Cookie: `authToken=${token}` })).text).toContain('<success>true</success>');
    await ctx.clock.advance(50 * 60_000); // 100 min after log-in, 50 after the cookie use
    expect(await valid(token)).toBe('true');
  });
});
