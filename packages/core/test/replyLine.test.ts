// parseReplyLine: the one parser of Clickatell-style `OK: <value>` and `ERR: <code>, <description>` lines.
import { describe, expect, it } from 'vitest';
import { ProtocolError, parseReplyLine } from '../src/index.js';

describe('parseReplyLine', () => {
  it.each([
    ['OK: af25a6386301960c862278b980b02b29', { ok: true, value: 'af25a6386301960c862278b980b02b29' }],
    ['OK:', { ok: true, value: '' }],
    ['OK: ', { ok: true, value: '' }],
    [
      'ERR: 001, Authentication failed',
      { ok: false, code: '001', description: 'Authentication failed', rest: '' },
    ],
    [
      '  ERR: 003, Session ID expired\n',
      { ok: false, code: '003', description: 'Session ID expired', rest: '' },
    ],
    [
      'ERR: 105, Invalid Destination Address To: 2799900001',
      { ok: false, code: '105', description: 'Invalid Destination Address', rest: 'To: 2799900001' },
    ],
    ['ERR: 901', { ok: false, code: '901', description: '', rest: '' }],
    ['ERR:No route', { ok: false, code: undefined, description: 'No route', rest: '' }],
    ['ERR: 105, Bad number X: 1', { ok: false, code: '105', description: 'Bad number', rest: 'X: 1' }],
    ['ERR: 105, Bad  To: 1', { ok: false, code: '105', description: 'Bad', rest: 'To: 1' }],
    ['OK:af25', { ok: true, value: 'af25' }],
    ['OK: first line\nsecond line', { ok: true, value: 'first line\nsecond line' }],
    ['ERR:7,Bad', { ok: false, code: '7', description: 'Bad', rest: '' }],
    ['ERR: 1234 , Bad', { ok: false, code: '1234', description: 'Bad', rest: '' }],
    [
      'ERR: 114, Cannot route message To: 2799900001 From: 27',
      { ok: false, code: '114', description: 'Cannot route message', rest: 'To: 2799900001 From: 27' },
    ],
    [
      'ERR: 001, Authentication\nfailed',
      { ok: false, code: '001', description: 'Authentication\nfailed', rest: '' },
    ],
    [
      'ERR: Not supported\nat all',
      { ok: false, code: undefined, description: 'Not supported\nat all', rest: '' },
    ],
    // captured from the live API: an ERR line with no code
    [
      'ERR: This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
      {
        ok: false,
        code: undefined,
        description:
          'This prefix is not currently supported. Messages sent to this prefix will fail. Please contact support for assistance.',
        rest: '',
      },
    ],
  ])('%j', (line, expected) => {
    expect(parseReplyLine('p', line)).toEqual(expected);
  });

  it.each([
    '',
    'Credit: 5',
    'ERR:',
    'ERR: 12345, x',
    'ERR: 001x',
    '<html>',
    'ok: lower',
    'NOT OK: 1',
    'XERR: 001, x',
    'XERR: no code',
    'XOK: 1',
    'ERR: 001 x',
  ])('%j → ProtocolError', (line) => {
    expect(() => parseReplyLine('p', line)).toThrow(ProtocolError);
  });

  it('the error gives the length of the trimmed answer, never its text (it may echo a secret)', () => {
    expect(() => parseReplyLine('p', '  Session abc123 \n')).toThrow(
      new ProtocolError('answer is neither "OK:" nor "ERR:" (14 characters)', { provider: 'p' }),
    );
  });
});
