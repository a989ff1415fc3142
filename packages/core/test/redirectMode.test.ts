// Which fetch errors are a refused redirect: the shapes each runtime gives for a redirect in mode 'error'
// (copied from Node 24, Deno 2.9 and Bun 1.4), wrapped as ky wraps them, and the failures that are not.
// A real Node refusal over a loopback socket is in httpTransport.test.ts ("refused by fetch itself").
import { describe, expect, it } from 'vitest';
import { isRedirectRefusal, redirectMode } from '../src/http/redirectMode.js';

const kyWrapped = (cause: unknown) =>
  Object.assign(new Error('Request failed due to a network error: POST http://127.0.0.1/x'), {
    name: 'NetworkError',
    cause,
  });
const node = new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
const deno = new TypeError("Fetch failed: Encountered redirect while redirect mode is set to 'error'");
const bun = Object.assign(new TypeError('UnexpectedRedirect fetching "http://127.0.0.1/x".'), {
  code: 'UnexpectedRedirect',
});

describe('redirectMode', () => {
  it("refuses a request with a body in fetch ('error'), and hands back a bodiless one's redirect ('manual')", () => {
    expect([redirectMode(true), redirectMode(false)]).toEqual(['error', 'manual']);
  });
});

describe('isRedirectRefusal', () => {
  it.each([
    ['Node', node],
    ['Deno', deno],
    ['Bun', bun],
  ])('knows the refusal of %s, alone and as ky wraps it', (_runtime, error) => {
    expect([isRedirectRefusal(error), isRedirectRefusal(kyWrapped(error))]).toEqual([true, true]);
  });

  it('takes no other failure for one, even when its URL says "redirect"', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const named = new Error(
      'Request failed due to a network error: POST http://127.0.0.1/unexpected redirect',
    );
    for (const error of [
      refused,
      kyWrapped(reset),
      named,
      undefined,
      null,
      'unexpected redirect',
      { cause: {} },
    ]) {
      expect(isRedirectRefusal(error)).toBe(false);
    }
  });

  it('looks no deeper than a few causes (a cause chain may loop)', () => {
    const loop: { message: string; cause?: unknown } = { message: 'a' };
    loop.cause = loop;
    expect(isRedirectRefusal(loop)).toBe(false);
  });
});
