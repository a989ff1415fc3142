import { tooLarge } from '../statusErrors.js';
import { RETRY_STATUSES } from './retryWithinDeadline.js';

/**
 * `fetch` (`base`, else the global one at call time) whose answers with a {@link RETRY_STATUSES} status carry
 * at most `maxBytes` of body. ky throws such an answer and reads its body itself, up to 10 MiB, before it
 * decides on a retry: the transport's own size limit never sees it. Here a longer declared length is dropped
 * unread, and a body that grows past the limit ends in an error, which ky takes as no data. Every other
 * answer passes untouched.
 */
export function limitRetriedAnswers(provider: string, maxBytes: number, base?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await (base ?? fetch)(input, init);
    if (!response.body || !RETRY_STATUSES.includes(response.status)) return response;
    const answer = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return new Response(null, answer);
    }
    let size = 0;
    const limit = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes) controller.error(tooLarge(provider, maxBytes));
        else controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(limit), answer);
  };
}
