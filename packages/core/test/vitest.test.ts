// The vitest conformance suites (src/testing/vitest.ts, the `@x/core/testing/vitest` entry), run here as a
// provider package runs them: describeManagedClient against a client on a TokenManager over a loopback auth
// server. describeTokenStore runs against MemoryTokenStore in memoryStore.test.ts, and against the Redis
// store in @x/token-store-redis.
import {
  AuthenticationError,
  MemoryTokenStore,
  never,
  TokenExpiredError,
  TokenManager,
} from '../src/index.js';
import { describeManagedClient } from '../src/testing/vitest.js';
import { loopback } from './loopback.js';

/** A client whose token is managed: `POST /auth` issues a token, `GET /call` takes one it has issued. */
async function managedClient() {
  const issued = new Set<string>();
  let authCalls = 0;
  let refuseNextAuth = false;
  const server = await loopback((req, res) => {
    if (req.url !== '/auth')
      return res.writeHead(issued.has(req.headers.authorization ?? '') ? 200 : 401).end();
    authCalls++;
    if (refuseNextAuth) {
      refuseNextAuth = false;
      return res.writeHead(401).end();
    }
    const token = `tok-${authCalls}-${Math.random().toString(36).slice(2)}`;
    issued.add(token);
    res.writeHead(200).end(token);
  });
  const manager = new TokenManager({
    provider: 'test',
    key: `conformance:${Math.random().toString(36).slice(2)}`,
    policy: never,
    store: new MemoryTokenStore(),
    issue: async () => {
      const answer = await fetch(`${server.url}auth`, { method: 'POST' });
      if (!answer.ok)
        throw new AuthenticationError('auth refused', { provider: 'test', status: answer.status });
      return answer.text();
    },
  });
  return {
    token: () => manager.get(),
    authCalls: async () => authCalls,
    expireOnServer: async () => issued.clear(),
    protectedCall: () =>
      manager.use(async (token) => {
        const answer = await fetch(`${server.url}call`, { headers: { authorization: token } });
        if (answer.status === 401) throw new TokenExpiredError('token gone', { provider: 'test' });
      }),
    failNextAuth: async () => {
      refuseNextAuth = true;
    },
    close: async () => {
      manager.close();
      await server.close();
    },
  };
}

describeManagedClient('a TokenManager over a loopback auth server', managedClient);
