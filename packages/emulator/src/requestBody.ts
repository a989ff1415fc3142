import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyLimit, Reply } from './reply.js';

/**
 * What a front web server answers to a body over its limit: nginx's own 413 page (its
 * `client_max_body_size` defaults to 1 MiB, as the emulator's `maxRequestBytes` does).
 */
export const FRONT_SERVER_TOO_LARGE: Reply = {
  status: 413,
  headers: { 'content-type': 'text/html' },
  body: '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n</body>\r\n</html>\r\n',
};

/**
 * How long the rest of a refused upload is still read (and thrown away). Closing a socket with unread
 * data makes the kernel send a reset, which destroys the 413 before the client reads it; nginx's
 * "lingering close" reads on for the same reason. Bounded, so a never-ending upload costs no more.
 */
const LINGER_MS = 5_000;

/** Whether a request announces (`Content-Length`) a body over `limit` before sending any of it. */
export const announcesTooMuch = (req: IncomingMessage, limit: BodyLimit): boolean =>
  Number(req.headers['content-length']) > limit.bytes;

/**
 * The request body as text; `undefined` once it passes `limit.bytes`, with `limit.refusal` sent. A body
 * that announces its size is refused before it is read; one sent in chunks when it passes the limit.
 * Nothing past the limit is kept, so memory stays bounded whatever the client sends.
 */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: BodyLimit,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    if (announcesTooMuch(req, limit)) {
      refuse(req, res, limit.refusal);
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit.bytes) {
        req.off('data', onData);
        chunks.length = 0;
        refuse(req, res, limit.refusal);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Send `reply` at once, read the rest of the upload into nothing, and close when it ends (or lingers). */
function refuse(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  res.write(headOf(res, reply));
  const linger = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  req.once('end', () => {
    clearTimeout(linger);
    res.end();
  });
  req.resume();
}

/** Answer `reply` to a request that waits for `100 Continue`: its body is never sent, nothing to read. */
export function refuseBeforeContinue(res: ServerResponse, reply: Reply): void {
  res.end(headOf(res, reply));
}

/** Write the head of `reply` (its length known, the connection closing after it); its body to send. */
function headOf(res: ServerResponse, reply: Reply): Buffer {
  const body = Buffer.from(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': body.length, connection: 'close' });
  return body;
}
