// Recite CMS: log in through a form, ask who the cookie belongs to, log out.
import { api, bindForm, show } from './api.js';

const $ = (id) => document.getElementById(id);

/** What the cookie says, in words: logged in, expired, or nobody. */
function describe({ identity, cookie }) {
  if (identity)
    return `logged in as ${identity.firstName} ${identity.lastName} (${identity.username}), from the cookie`;
  return cookie
    ? 'expired: the cookie holds a token Recite no longer accepts (idle for an hour, or logged out elsewhere)'
    : 'not logged in';
}

export function mountCmsPanel({ refresh }) {
  const out = $('cms-identity');
  bindForm($('cms-form'), {
    out,
    sdk: $('cms-sdk'),
    after: refresh,
    handlers: {
      'cms-login': async () => {
        const { result, sdk } = await api('POST', '/api/cms/login', {
          username: $('cms-user').value,
          password: $('cms-pass').value,
          formId: $('cms-form-id').value,
        });
        const { identity } = result;
        return {
          sdk,
          text: `logged in as ${identity.firstName} ${identity.lastName} (${identity.username})`,
        };
      },
      'cms-me': async () => {
        const { result, sdk } = await api('GET', '/api/cms/me');
        return { sdk, text: describe(result) };
      },
      'cms-logout': async () => {
        const { result, sdk } = await api('POST', '/api/cms/logout');
        return { sdk, text: result.wasLoggedIn ? 'logged out (cookie cleared)' : 'nobody was logged in' };
      },
    },
  });
  // after a reload the cookie is still there: say whose it is
  api('GET', '/api/cms/me').then(
    ({ result }) => show(out, describe(result)),
    (error) => show(out, error.message, true),
  );
}

const FORM_NAMES = { 10: 'alice’s directory', 11: 'bob’s directory' };

export function renderCms(state) {
  const select = $('cms-form-id');
  const sig = state.cms.forms.join();
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  select.innerHTML = state.cms.forms
    .map(
      (id) =>
        `<option value="${id}">form ${id}${FORM_NAMES[id] && state.targets.cms === 'emulator' ? ` (${FORM_NAMES[id]})` : ''}</option>`,
    )
    .join('');
}
