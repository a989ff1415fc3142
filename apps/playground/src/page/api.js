// Talking to the playground server: each tab is its own playground, named by an id the server issued and
// the tab keeps in sessionStorage.

const KEY = 'playground-session';

let opening = null;
/** The tab's id; a new one from the server when the tab has none (or the server no longer knows it). */
function session() {
  const kept = sessionStorage.getItem(KEY);
  if (kept) return Promise.resolve(kept);
  opening ??= call('POST', '/api/session', undefined, '')
    .then(({ data }) => {
      sessionStorage.setItem(KEY, data.id);
      return data.id;
    })
    .finally(() => {
      opening = null;
    });
  return opening;
}

async function call(method, path, body, id) {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-playground-session': id },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({ error: 'Error', message: `HTTP ${res.status}` }));
  if (!res.ok && res.status !== 428)
    throw Object.assign(new Error(`${data.error}: ${data.message}`), {
      status: res.status,
      name: data.error,
    });
  return { status: res.status, data };
}

/**
 * Call the API; a failed call throws an Error whose message is the typed error: `ValidationError: …`.
 * An action on a real account is answered 428 with the server's question and a confirmation for it: the
 * person is asked, and only a yes repeats the call with that confirmation. A no throws `Cancelled: …`.
 */
export async function api(method, path, body) {
  let id = await session();
  let answer;
  try {
    answer = await call(method, path, body, id);
  } catch (error) {
    if (error.name !== 'UnknownTabError') throw error;
    // the server restarted or closed this tab: nothing ran, so the call goes to a new one
    if (sessionStorage.getItem(KEY) === id) sessionStorage.removeItem(KEY);
    id = await session();
    answer = await call(method, path, body, id);
  }
  if (answer.status !== 428) return answer.data;
  const { prompt, confirmation } = answer.data;
  if (!window.confirm(prompt))
    throw Object.assign(new Error('Cancelled: nothing was sent'), { name: 'Cancelled', cancelled: true });
  const confirmed = await call(method, path, { ...body, confirmation }, id);
  if (confirmed.status === 428) throw new Error(`ConfirmationRequired: ${confirmed.data.message}`);
  return confirmed.data;
}

/** Put `value` in an output element, red when it is an error. */
export function show(el, value, isError = false) {
  el.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  el.classList.toggle('err', isError);
}

/**
 * Run a form's actions: Enter or a click submits, the submitting button picks the handler, and every control
 * of the form (or of `busyRoots`) is disabled until the call is done, so a double click is one call.
 */
export function bindForm(form, { handlers, out, sdk, after, busyRoots = [form] }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.submitter ?? form.querySelector('button[type=submit]');
    const handler = handlers[button?.id] ?? handlers.default;
    if (!handler) return;
    const roots = busyRoots.map((root) => (root.tagName === 'FORM' ? root.querySelector('fieldset') : root));
    if (roots.some((root) => root.disabled)) return;
    for (const root of roots) root.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const reply = await handler(button);
      if (reply?.sdk && sdk) sdk.textContent = reply.sdk;
      if (reply?.text !== undefined && out) show(out, reply.text);
    } catch (error) {
      if (out) show(out, error.message, !error.cancelled);
    } finally {
      for (const root of roots) root.disabled = false;
      form.removeAttribute('aria-busy');
      await after?.();
    }
  });
}
