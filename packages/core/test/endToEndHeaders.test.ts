// endToEndHeaders (src/testing/endToEndHeaders.ts): what a recording proxy forwards and keeps of a hop's
// headers. That recordingProxy forwards them so is recordingProxy.test.ts.
import { describe, expect, it } from 'vitest';
import { endToEndHeaders } from '../src/testing/index.js';

describe('endToEndHeaders', () => {
  it('drops the headers of the hop, whatever their case, and keeps the rest with lower-case names', () => {
    const hop = [
      'Host',
      'Connection',
      'Keep-Alive',
      'Transfer-Encoding',
      'Content-Length',
      'Accept-Encoding',
      'Content-Encoding',
    ];
    const entries: [string, string][] = [
      ...hop.map((name): [string, string] => [name, 'x']),
      ['X-Mine', 'one'],
      ['SOAPAction', '"urn:a"'],
    ];
    expect(endToEndHeaders(entries)).toEqual({ 'x-mine': 'one', soapaction: '"urn:a"' });
  });

  it('joins repeated values as one header carries them, and skips an absent one', () => {
    expect(
      endToEndHeaders(Object.entries({ 'set-cookie': ['a=1', 'b=2'], missing: undefined })),
    ).toStrictEqual({
      'set-cookie': 'a=1, b=2',
    });
    expect(endToEndHeaders(new Headers({ Accept: 'application/json' }).entries())).toEqual({
      accept: 'application/json',
    });
  });
});
