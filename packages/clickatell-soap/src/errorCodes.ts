/**
 * Clickatell's legacy error table (SOAP/HTTP "Central API"), the union of the published sources
 * listed in ../README.md. The one copy: the client maps codes with it and the emulator answers with it.
 */
export type ClickatellErrorKind = 'credentials' | 'session' | 'credit' | 'retryable' | 'request';

export const CLICKATELL_ERRORS: Readonly<Record<string, { description: string; kind: ClickatellErrorKind }>> =
  {
    '001': { description: 'Authentication failed', kind: 'credentials' },
    '002': { description: 'Unknown username or password', kind: 'credentials' },
    '003': { description: 'Session ID expired', kind: 'session' },
    '004': { description: 'Account frozen', kind: 'credentials' },
    '005': { description: 'Missing session ID', kind: 'session' },
    '007': { description: 'IP Lockdown violation', kind: 'credentials' },
    '100': { description: 'Data malformed', kind: 'request' },
    '101': { description: 'Invalid or missing parameters', kind: 'request' },
    '102': { description: 'Invalid user data header', kind: 'request' },
    '103': { description: 'Unknown API message ID', kind: 'request' },
    '104': { description: 'Unknown client message ID', kind: 'request' },
    '105': { description: 'Invalid destination address', kind: 'request' },
    '106': { description: 'Invalid source address', kind: 'request' },
    '107': { description: 'Empty message', kind: 'request' },
    '108': { description: 'Invalid or missing API ID', kind: 'credentials' },
    '109': { description: 'Missing message ID', kind: 'request' },
    '110': { description: 'Error with email message', kind: 'request' },
    '111': { description: 'Invalid protocol', kind: 'request' },
    '112': { description: 'Invalid message type', kind: 'request' },
    '113': { description: 'Maximum message parts exceeded', kind: 'request' },
    '114': { description: 'Cannot route message', kind: 'request' },
    '115': { description: 'Message expired', kind: 'request' },
    '116': { description: 'Invalid Unicode data', kind: 'request' },
    '120': { description: 'Invalid delivery time', kind: 'request' },
    '121': { description: 'Destination mobile number blocked', kind: 'request' },
    '122': { description: 'Destination mobile opted out', kind: 'request' },
    '123': { description: 'Invalid Sender ID', kind: 'request' },
    '128': { description: 'Number delisted', kind: 'request' },
    '130': { description: 'Maximum MT limit exceeded', kind: 'retryable' },
    '201': { description: 'Invalid batch ID', kind: 'request' },
    '202': { description: 'No batch template', kind: 'request' },
    '301': { description: 'No credit left', kind: 'credit' },
    '302': { description: 'Max allowed credit', kind: 'credit' },
    '901': { description: 'Internal error - please retry', kind: 'retryable' },
  };

/** The `ERR:` line Clickatell sends for `code`. */
export function errLine(code: string): string {
  return `ERR: ${code}, ${CLICKATELL_ERRORS[code]?.description ?? 'Unknown error'}`;
}
