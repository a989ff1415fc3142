import type { FixtureExchange, ReplayFixture } from '@x/core/testing';

/** A body read as a tree: the paths of its elements or fields (the shape) and the text at each leaf. */
interface Reading {
  shape: Set<string>;
  texts: Map<string, string>;
  codes: string[];
}

const TAG = /<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g;
const local = (name: string) => name.slice(name.indexOf(':') + 1);

function readXml(body: string, reading: Reading): void {
  const path: string[] = [];
  for (const [, closing, name, selfClosing, text] of body
    .replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '')
    .matchAll(TAG)) {
    if (text !== undefined) {
      if (text.trim() && path.length > 0) reading.texts.set(path.join('/'), text.trim());
      continue;
    }
    if (closing) path.pop();
    else {
      path.push(local(name!));
      reading.shape.add(path.join('/'));
      if (selfClosing) path.pop();
    }
  }
}

function readJson(value: unknown, path: string, reading: Reading): void {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  reading.shape.add(`${path || '(root)'}: ${type}`);
  if (Array.isArray(value)) for (const item of value) readJson(item, `${path}[]`, reading);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) readJson(item, path ? `${path}.${key}` : key, reading);
  else reading.texts.set(path || '(root)', String(value));
}

function read(body: string): Reading {
  const reading: Reading = { shape: new Set(), texts: new Map(), codes: [] };
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) readXml(trimmed, reading);
  else if (/^[[{]/.test(trimmed)) {
    try {
      readJson(JSON.parse(trimmed), '', reading);
    } catch {
      reading.texts.set('(text)', trimmed);
    }
  } else if (trimmed) reading.texts.set('(text)', trimmed);
  for (const [path, text] of reading.texts) {
    if (/(^|[./])(error)?code$/i.test(path)) reading.codes.push(text);
    for (const [, code] of text.matchAll(/ERR:\s*(\d+)/g)) reading.codes.push(code!);
  }
  return reading;
}

const quote = (text: string | undefined) => (text === undefined ? '(none)' : JSON.stringify(text));
const only = (a: Iterable<string>, b: Set<string>) => [...a].filter((item) => !b.has(item));

/** What differs between two answers to the same request. */
function compareExchange(live: FixtureExchange, emulated: FixtureExchange): string[] {
  const lines: string[] = [];
  const differ = (what: string, a: unknown, b: unknown) => {
    if (a !== b) lines.push(`${what}: live ${quote(a as string)}, emulator ${quote(b as string)}`);
  };
  differ('soapAction', live.request.headers.soapaction, emulated.request.headers.soapaction);
  differ('HTTP status', String(live.answer.status), String(emulated.answer.status));
  const liveHeaders = live.answer.headers ?? {};
  const emulatedHeaders = emulated.answer.headers ?? {};
  const liveNames = new Set(Object.keys(liveHeaders));
  const emulatedNames = new Set(Object.keys(emulatedHeaders));
  for (const name of only(liveNames, emulatedNames))
    lines.push(`header only live: ${name}: ${liveHeaders[name]}`);
  for (const name of only(emulatedNames, liveNames)) lines.push(`header only emulator: ${name}`);
  differ('header content-type', liveHeaders['content-type'], emulatedHeaders['content-type']);
  const a = read(live.answer.body);
  const b = read(emulated.answer.body);
  for (const path of only(a.shape, b.shape)) lines.push(`shape only live: ${path}`);
  for (const path of only(b.shape, a.shape)) lines.push(`shape only emulator: ${path}`);
  differ('codes', a.codes.join(', '), b.codes.join(', '));
  for (const [path, text] of a.texts) if (b.texts.has(path)) differ(`text ${path}`, text, b.texts.get(path));
  return lines;
}

/**
 * What changed between a live recording and the emulator's answers to the same calls: per step, the
 * number of requests, the outcome, and per exchange the soapAction, HTTP status, headers, shape of the
 * body, codes and texts. Placeholders stand for secrets on both sides, so only real differences show.
 */
export function compareFixtures(live: ReplayFixture, emulated: ReplayFixture): string[] {
  const lines: string[] = [];
  for (const [i, step] of live.steps.entries()) {
    const twin = emulated.steps[i];
    const at = `step ${i + 1} ${step.title}`;
    if (!twin || twin.call !== step.call) {
      lines.push(`${at}: the emulator run has no such step`);
      continue;
    }
    const outcome = (o: typeof step.outcome) =>
      'error' in o ? `${o.error.name}${o.error.code !== undefined ? ` ${o.error.code}` : ''}` : 'resolved';
    if (outcome(step.outcome) !== outcome(twin.outcome))
      lines.push(
        `${at}: the SDK call ${outcome(step.outcome)} live, ${outcome(twin.outcome)} on the emulator`,
      );
    if (step.exchanges.length !== twin.exchanges.length)
      lines.push(`${at}: ${step.exchanges.length} request(s) live, ${twin.exchanges.length} on the emulator`);
    for (const [j, exchange] of step.exchanges.entries()) {
      const other = twin.exchanges[j];
      if (other)
        for (const line of compareExchange(exchange, other)) lines.push(`${at}, request ${j + 1}: ${line}`);
    }
  }
  return lines;
}
