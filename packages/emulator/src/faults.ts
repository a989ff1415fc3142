import type { ServerResponse } from 'node:http';
import type { Reply, ServiceName } from './reply.js';

/** A fault the emulator can put in place of (or around) a service's answer. */
export type Fault =
  | {
      /** Answer normally, but only after `ms`. */
      type: 'delay';
      /** How long to hold the answer back. */
      ms: number;
    }
  | {
      /** Answer with this status instead of the real answer. */
      type: 'status';
      /** The HTTP status, e.g. 503. */
      status: number;
      /** The body; default empty. */
      body?: string;
      /** Extra headers, e.g. `Retry-After`. */
      headers?: Record<string, string>;
    }
  | {
      /** Close the connection without answering. */
      type: 'reset';
    }
  | {
      /** A 200 whose XML or JSON body breaks off mid-element. */
      type: 'malformed';
    }
  | {
      /** An HTML error page, as a proxy in front of the service would send. */
      type: 'html';
      /** Default 502. */
      status?: number;
    }
  | {
      /** Half the real answer under a `Content-Length` that promises more, then the connection closes. */
      type: 'truncated';
    }
  | {
      /** A 200 body far larger than any real answer, streamed. */
      type: 'huge';
      /** Default 50 MiB. */
      bytes?: number;
    }
  | {
      /** A SOAP answer that defines nested XML entities ("billion laughs"). */
      type: 'entity-bomb';
    }
  | {
      /** The real answer with `__proto__` and `constructor.prototype` keys put in. */
      type: 'proto';
    };

/** When an injected {@link Fault} applies. */
export interface FaultOptions {
  /** Let this many calls through first. */
  after?: number;
  /** Affect this many calls (default 1; `Infinity` for all). */
  times?: number;
}

interface Rule {
  fault: Fault;
  skip: number;
  left: number;
}

/** Faults queued per service, consumed one call at a time. */
export class FaultPlan {
  readonly #rules = new Map<ServiceName, Rule[]>();

  add(service: ServiceName, fault: Fault, options: FaultOptions = {}): void {
    const rules = this.#rules.get(service) ?? [];
    rules.push({ fault, skip: options.after ?? 0, left: options.times ?? 1 });
    this.#rules.set(service, rules);
  }

  clear(): void {
    this.#rules.clear();
  }

  /** The fault for this call of `service`, if any. */
  take(service: ServiceName): Fault | undefined {
    const rules = this.#rules.get(service);
    const rule = rules?.[0];
    if (!rules || !rule) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    if (--rule.left <= 0) rules.shift();
    return rule.fault;
  }
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server is unavailable.</p></body></html>';

const ENTITY_BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><lolz>&lol9;</lolz></soap:Body></soap:Envelope>`;

const PROTO_XML =
  '<__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>';
const PROTO_JSON = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},';

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/**
 * Answer with `fault` applied to the service's real answer (which `answer()` computes only when needed).
 * Delays and `__proto__` injection wrap the real answer; the rest replace it.
 */
export async function answerWithFault(
  fault: Fault | undefined,
  format: 'xml' | 'json',
  res: ServerResponse,
  answer: () => Promise<Reply>,
): Promise<void> {
  if (!fault) return send(res, await answer());
  const type = format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json';
  switch (fault.type) {
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return send(res, await answer());
    case 'status':
      return send(res, {
        status: fault.status,
        headers: { 'content-type': type, ...fault.headers },
        body: fault.body ?? '',
      });
    case 'reset':
      res.socket?.destroy();
      return;
    case 'malformed':
      return send(res, {
        status: 200,
        headers: { 'content-type': type },
        body:
          format === 'xml'
            ? '<?xml version="1.0"?><soap:Envelope><soap:Body><broken'
            : '{"data":{"apiRequestId":',
      });
    case 'html':
      return send(res, {
        status: fault.status ?? 502,
        headers: { 'content-type': 'text/html' },
        body: HTML_PAGE,
      });
    case 'truncated': {
      const reply = await answer();
      res.writeHead(reply.status, {
        ...reply.headers,
        'content-length': Buffer.byteLength(reply.body) + 100,
      });
      res.write(reply.body.slice(0, Math.ceil(reply.body.length / 2)));
      setTimeout(() => res.destroy(), 10);
      return;
    }
    case 'huge':
      return streamHuge(res, format, type, fault.bytes ?? 50 * 1024 * 1024);
    case 'entity-bomb':
      return send(res, { status: 200, headers: { 'content-type': 'text/xml' }, body: ENTITY_BOMB });
    case 'proto': {
      const reply = await answer();
      const body =
        format === 'xml'
          ? reply.body.replace(/(Response[^>]*>)/, `$1${PROTO_XML}`)
          : reply.body.replace(/^\{/, `{${PROTO_JSON}`);
      return send(res, { ...reply, body });
    }
  }
}

async function streamHuge(
  res: ServerResponse,
  format: 'xml' | 'json',
  type: string,
  bytes: number,
): Promise<void> {
  res.writeHead(200, { 'content-type': type, 'content-length': bytes });
  const head = format === 'xml' ? '<?xml version="1.0"?><soap:Envelope><soap:Body><x>' : '{"data":"';
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const write = (buffer: Buffer) =>
    new Promise<boolean>((resolve) => {
      if (res.destroyed) return resolve(false);
      if (res.write(buffer)) return resolve(true);
      // wait for whichever comes first, and remove the other listener
      const onDrain = () => {
        res.off('close', onClose);
        resolve(true);
      };
      const onClose = () => {
        res.off('drain', onDrain);
        resolve(false);
      };
      res.once('drain', onDrain);
      res.once('close', onClose);
    });
  if (!(await write(Buffer.from(head)))) return;
  sent += head.length;
  while (sent < bytes) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
    if (!(await write(part))) return;
    sent += part.length;
  }
  res.end();
}
