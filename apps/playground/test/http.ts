import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

/**
 * One request to `url` with exactly these headers, `Host` included (fetch would not let a test set it):
 * what a page after DNS rebinding, a cross-site form or a tool sends.
 */
export function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const { hostname, port } = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) headers = { ...headers, 'content-length': String(Buffer.byteLength(payload)) };
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** What the playground's own page sends with a call: its Host, its Origin, JSON, the tab's id. */
export function fromPage(url: string, tab = ''): Record<string, string> {
  return {
    host: new URL(url).host,
    origin: url,
    'content-type': 'application/json',
    ...(tab ? { 'x-playground-session': tab } : {}),
  };
}

/** A new tab, as the page opens one. */
export async function openTab(url: string): Promise<string> {
  const answer = await raw(url, 'POST', '/api/session', fromPage(url));
  if (answer.status !== 200) throw new Error(`POST /api/session answered ${answer.status}: ${answer.text}`);
  return answer.json().id as string;
}
