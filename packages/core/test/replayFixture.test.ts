// replayFixture (src/testing/replayFixture.ts): a recorded exchange played against a client, naming the step
// or request that differs. Covers src/testing/index.ts too (the `@x/core/testing` entry, imported from it
// here and in manualClock, recordingServer and recordingProxy tests; withoutOptionalLibraries.test.ts runs
// its build under node:test).
import { describe, expect, it } from 'vitest';
import { FIXTURE_FORMAT, type FixtureStep, type ReplayFixture, replayFixture } from '../src/testing/index.js';

/** The smallest client: one method that GETs a path and resolves the body, or rejects with the status. */
const createClient = (options: Record<string, unknown>, url: string) => ({
  get: async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${options.token}` } });
    const body = await response.text();
    if (!response.ok)
      throw Object.assign(new Error('refused'), { name: 'AuthenticationError', status: response.status });
    return body;
  },
});

const step = (path: string, status: number, body: string, outcome: FixtureStep['outcome']): FixtureStep => ({
  title: `GET ${path}`,
  client: 'main',
  call: 'get',
  args: [path],
  outcome,
  exchanges: [
    {
      request: { method: 'GET', url: path, headers: { authorization: 'Bearer live-token-1' }, body: '' },
      answer: { status, headers: { 'content-type': 'text/plain' }, body },
    },
  ],
});

const fixture = (steps: FixtureStep[]): ReplayFixture => ({
  format: FIXTURE_FORMAT,
  service: 'test',
  source: 'test',
  clients: { main: { token: 'live-token-1' } },
  steps,
});

describe('replayFixture', () => {
  it('accepts a client that sends the recorded requests and comes to the recorded outcomes', async () => {
    await replayFixture(
      fixture([
        step('/a', 200, 'one', { value: 'one' }),
        step('/b', 401, '', { error: { name: 'AuthenticationError', status: 401 } }),
      ]),
      createClient,
    );
  });

  it('names the step whose outcome differs', async () => {
    await expect(
      replayFixture(fixture([step('/a', 200, 'one', { value: 'two' })]), createClient),
    ).rejects.toThrow(
      /step 1 \(GET \/a: main.get\): came to \{"value":"one"\}, the fixture to \{"value":"two"\}/,
    );
  });

  it('names a request the fixture does not have', async () => {
    const recorded = fixture([step('/a', 200, 'one', { value: 'one' })]);
    recorded.steps[0]!.args = ['/elsewhere'];
    await expect(replayFixture(recorded, createClient)).rejects.toThrow(
      /request 1 was GET \/elsewhere; the fixture has GET \/a/,
    );
  });

  it('refuses a fixture of another format', async () => {
    await expect(replayFixture({ ...fixture([]), format: 2 as 1 }, createClient)).rejects.toThrow(/format 2/);
  });
});
