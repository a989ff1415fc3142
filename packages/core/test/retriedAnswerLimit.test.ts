// limitRetriedAnswers (src/http/retriedAnswerLimit.ts): the body of an answer that ky reads itself (a retried
// status) holds to the size limit. That HttpTransport sends through it, over a socket, is httpTransport.test.ts.
import { describe, expect, it } from 'vitest';
import { limitRetriedAnswers } from '../src/http/retriedAnswerLimit.js';

/** A body of `chunks` chunks of `size` bytes, which records whether it was cancelled. */
function body(chunks: number, size: number) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
    cancel: () => void (state.cancelled = true),
  });
  return { stream, state };
}

const fetchOf =
  (response: Response): typeof fetch =>
  async () =>
    response;

describe('limitRetriedAnswers', () => {
  it('a retried status keeps a body within the limit whole, with its status and headers', async () => {
    const { stream } = body(2, 10);
    const limited = limitRetriedAnswers(
      'test',
      20,
      fetchOf(new Response(stream, { status: 503, headers: { 'x-a': '1' } })),
    );
    const response = await limited('http://127.0.0.1/');
    expect([response.status, response.headers.get('x-a'), (await response.arrayBuffer()).byteLength]).toEqual(
      [503, '1', 20],
    );
  });

  it('a body that grows past the limit ends in the size error, and the rest is not read', async () => {
    const { stream, state } = body(1_000, 10);
    const response = await limitRetriedAnswers(
      'test',
      20,
      fetchOf(new Response(stream, { status: 500 })),
    )('x');
    const error = await response.text().then(
      () => undefined,
      (e: Error) => e,
    );
    expect([error?.name, error?.message]).toEqual(['ProtocolError', 'test: answer larger than 20 bytes']);
    await new Promise((resolve) => setImmediate(resolve)); // the pipe cancels its source a few ticks later
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10);
  });

  it('a declared length of exactly the limit is read; one byte past it is dropped unread: no body at all', async () => {
    const exact = new Response(body(2, 10).stream, { status: 502, headers: { 'content-length': '20' } });
    const kept = await limitRetriedAnswers('test', 20, fetchOf(exact))('x');
    expect((await kept.arrayBuffer()).byteLength).toBe(20);
    const { stream, state } = body(1_000, 10);
    const answer = new Response(stream, { status: 502, headers: { 'content-length': '21' } });
    const response = await limitRetriedAnswers('test', 20, fetchOf(answer))('x');
    expect([response.status, response.body, state.cancelled]).toEqual([502, null, true]);
  });

  it('every other answer (a success, an error that is not retried) passes as it came', async () => {
    for (const status of [200, 400, 429, 501]) {
      const answer = new Response(body(1_000, 10).stream, { status });
      expect(await limitRetriedAnswers('test', 20, fetchOf(answer))('x')).toBe(answer);
    }
  });
});
