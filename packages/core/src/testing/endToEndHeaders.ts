/** Headers of one hop, not of the exchange: `fetch` sets its own, and bodies arrive decoded. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'accept-encoding',
  'content-encoding',
]);

/**
 * The end-to-end headers among `entries` (a Node request's `headers`, or a fetch `Headers`' `entries()`),
 * with lower-case names and repeated values joined by `, `: what a recording proxy forwards and keeps.
 */
export function endToEndHeaders(
  entries: Iterable<[string, string | string[] | undefined]>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase()))
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
