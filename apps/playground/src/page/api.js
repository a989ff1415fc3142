// Talking to the playground server: each tab is its own playground, named by an id kept in sessionStorage.

const KEY = 'playground-session';

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export const sessionId = sessionStorage.getItem(KEY) ?? newId();
sessionStorage.setItem(KEY, sessionId);

/** Call the API; a failed call throws an Error whose message is the typed error: `ValidationError: …`. */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-playground-session': sessionId },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({ error: 'Error', message: `HTTP ${res.status}` }));
  if (!res.ok) throw Object.assign(new Error(`${data.error}: ${data.message}`), { status: res.status });
  return data;
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
      if (out) show(out, error.message, true);
    } finally {
      for (const root of roots) root.disabled = false;
      form.removeAttribute('aria-busy');
      await after?.();
    }
  });
}
