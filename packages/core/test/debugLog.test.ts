// NODE_DEBUG=x-auth: the lines its subscriber prints for each channel message, exactly and without a secret;
// and, in a real process started with NODE_DEBUG=x-auth, that they reach stderr.
import { describe, expect, it } from 'vitest';
import { requestLine, tokenLine, unreadableLine } from '../src/debugLog.js';
import { AuthenticationError, fingerprint, registerSecret } from '../src/index.js';
import { runScript, srcIndex } from './srcProcess.js';

const SECRET = 'debuglog-secret-51d0';
registerSecret(SECRET);
const request = {
  provider: 'sbt',
  transport: 'http',
  operation: 'GET',
  url: 'https://ui.example.com/AuthenticateAPIKey',
} as const;

describe('requestLine', () => {
  it('a request answered: provider, transport, operation, bare URL, status and whole milliseconds', () => {
    expect(requestLine({ ...request, status: 200, durationMs: 84.6 })).toBe(
      'sbt http GET https://ui.example.com/AuthenticateAPIKey 200 85ms',
    );
  });

  it('a SOAP call has no status', () => {
    const soap = { provider: 'clickatell-soap', transport: 'soap', operation: 'auth' } as const;
    expect(requestLine({ ...soap, url: 'http://127.0.0.1:4010/soap', durationMs: 12.2 })).toBe(
      'clickatell-soap soap auth http://127.0.0.1:4010/soap 12ms',
    );
  });

  it('a failure shows our error message, scrubbed when the error was built', () => {
    const error = new AuthenticationError(`key ${SECRET} refused`, { provider: 'sbt', status: 401 });
    expect(requestLine({ ...request, error, durationMs: 3 })).toBe(
      'sbt http GET https://ui.example.com/AuthenticateAPIKey failed: sbt: key [REDACTED] refused 3ms',
    );
  });

  it('any other error shows its name only: its message may hold anything', () => {
    expect(requestLine({ ...request, error: new TypeError(`bad ${SECRET}`), durationMs: 0.4 })).toBe(
      'sbt http GET https://ui.example.com/AuthenticateAPIKey failed: TypeError 0ms',
    );
    expect(requestLine({ ...request, error: SECRET as unknown as Error, durationMs: 1 })).toBe(
      'sbt http GET https://ui.example.com/AuthenticateAPIKey failed: error 1ms',
    );
  });
});

describe('tokenLine', () => {
  const at = 1_700_000_000_000;
  it('an event with a token fingerprint and a reason', () => {
    const token = fingerprint(SECRET);
    expect(tokenLine({ type: 'refreshed', provider: 'sbt', key: 'k', at, token, reason: 'ahead' })).toBe(
      `sbt token refreshed ${token} (ahead)`,
    );
  });

  it('an event with neither', () => {
    expect(tokenLine({ type: 'failed', provider: 'cms-auth', key: 'k', at })).toBe('cms-auth token failed');
  });
});

describe('unreadableLine', () => {
  it('names the record, the reason and, where the record names one, the key id', () => {
    expect(unreadableLine({ key: 'sbt:x:3f9c', reason: 'unknown-key', keyId: 'a1b2' })).toBe(
      'token-store-redis: record sbt:x:3f9c unreadable (unknown-key, key id a1b2); treated as absent',
    );
    expect(unreadableLine({ key: 'sbt:x:3f9c', reason: 'malformed' })).toBe(
      'token-store-redis: record sbt:x:3f9c unreadable (malformed); treated as absent',
    );
  });
});

describe('NODE_DEBUG=x-auth in a real process', () => {
  it('prints a line per request, token event and unreadable record on stderr, with no secret or query string', () => {
    const httpIndex = srcIndex.replace(/index\.ts"$/, 'http/index.ts"');
    const child = runScript(
      `import { createServer } from 'node:http';
       import { channel } from 'node:diagnostics_channel';
       import { CHANNELS, TokenManager, lifetime, Secret } from ${srcIndex};
       import { HttpTransport } from ${httpIndex};
       const secret = ${JSON.stringify(SECRET)};
       const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' })
         .end(JSON.stringify({ token: secret })));
       await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
       const { port } = server.address();
       const http = new HttpTransport({ provider: 'test', baseUrl: 'http://127.0.0.1:' + port + '/' });
       const { data } = await http.request({ method: 'GET', path: '/ok', searchParams: { key: new Secret(secret) } });
       const manager = new TokenManager({ provider: 'test', key: 'k', policy: lifetime(60_000),
         issue: async () => data.token });
       await manager.get();
       manager.close();
       channel(CHANNELS.redisUnreadable).publish({ key: 'sbt:x:3f9c', reason: 'malformed' });
       server.close();
       console.log(JSON.stringify({ pid: process.pid, port }));`,
      15_000,
      { NODE_DEBUG: 'x-auth' },
    );
    expect(child.status).toBe(0);
    const { pid, port } = JSON.parse(child.stdout) as { pid: number; port: number };
    const lines = child.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^X-AUTH ${pid}: test http GET http://127\\.0\\.0\\.1:${port}/ok 200 \\d+ms$`),
    );
    expect(lines).toContain(`X-AUTH ${pid}: test token issued ${fingerprint(SECRET)}`);
    expect(lines.at(-1)).toBe(
      `X-AUTH ${pid}: token-store-redis: record sbt:x:3f9c unreadable (malformed); treated as absent`,
    );
    expect(child.stderr).not.toContain(SECRET);
    expect(child.stderr).not.toContain('?');
  });
});
