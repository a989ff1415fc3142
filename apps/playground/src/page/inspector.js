// The request inspector: every HTTP call the clients made, newest first, both bodies, secrets redacted.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
let lastId = 0;

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A body made readable: JSON indented, XML one element per line. */
function pretty(body) {
  if (!body) return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body.startsWith('<') ? body.replace(/>\s*</g, '>\n<') : body;
  }
}

const headerText = (headers) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');

function render(e) {
  const status = e.status ?? '—';
  const ok = e.status !== undefined && e.status < 400;
  const el = document.createElement('details');
  el.className = 'exchange';
  el.dataset.id = e.id;
  el.dataset.service = e.service;
  el.innerHTML = `<summary><span class="method">${esc(e.method)}</span><span class="code ${ok ? 'code-ok' : 'code-bad'}">${esc(status)}</span><span class="ms">${e.ms} ms</span><span class="service">${esc(e.service)}</span><span class="operation">${esc(e.operation ?? '')}</span><span class="url">${esc(e.url)}</span>${e.failure ? `<span class="failure code-bad">${esc(e.failure)}</span>` : ''}</summary>
<div class="exchange-body">
  <div><h3>sent</h3><pre class="request-headers">${esc(headerText(e.requestHeaders))}</pre><pre class="request-body">${esc(pretty(e.requestBody))}</pre></div>
  <div><h3>received</h3><pre class="response-headers">${esc(headerText(e.responseHeaders))}</pre><pre class="response-body">${esc(e.failure ?? pretty(e.responseBody))}</pre></div>
</div>`;
  return el;
}

export function mountInspector() {
  $('inspector-clear').addEventListener('click', () => clearInspector());
}

/** Forget what is shown (after a reset, or on Clear): only newer calls appear. */
export function clearInspector(keepPosition = true) {
  for (const el of document.querySelectorAll('#exchanges .exchange')) el.remove();
  $('exchanges-empty').hidden = false;
  if (!keepPosition) lastId = 0;
}

/** Fetch the calls made since the last look and put them on top. */
export async function refreshInspector() {
  const { exchanges } = await api('GET', `/api/exchanges?after=${lastId}`);
  if (!exchanges.length) return;
  const list = $('exchanges');
  // in-flight calls come back again once answered: replace them
  for (const e of [...exchanges].reverse()) {
    list.querySelector(`.exchange[data-id="${e.id}"]`)?.remove();
    list.insertBefore(render(e), $('exchanges-empty').nextSibling);
  }
  $('exchanges-empty').hidden = true;
  const done = exchanges.filter((e) => e.status !== undefined || e.failure);
  const pending = exchanges.filter((e) => e.status === undefined && !e.failure);
  // ask again for calls still in flight
  lastId = Math.max(lastId, ...done.map((e) => e.id));
  if (pending.length) lastId = Math.min(lastId, ...pending.map((e) => e.id - 1));
}
