// Clickatell SOAP: log in, ping, balance, keep-alive, and the session's idle countdown.
import { api, bindForm, show } from './api.js';
import { duration } from './format.js';
import { lastOnLane } from './timeline.js';

const $ = (id) => document.getElementById(id);

export function mountClickatellPanel({ refresh }) {
  const out = $('ck-out');
  const sdk = $('ck-sdk');
  bindForm($('ck-form'), {
    out,
    sdk,
    after: refresh,
    handlers: {
      'ck-login': async () => {
        const { result, sdk } = await api('POST', '/api/clickatell/login');
        return {
          sdk,
          text: result.reused
            ? `session ${result.token} reused: the client had it cached, no auth call`
            : `session ${result.token} issued by auth`,
        };
      },
      'ck-ping': async () => {
        const { result, sdk } = await api('POST', '/api/clickatell/ping');
        return { sdk, text: `pinged session ${result.token}: idle expiry starts again` };
      },
      'ck-balance': async () => {
        const { result, sdk } = await api('POST', '/api/clickatell/balance');
        return { sdk, text: `credit: ${result.credit}` };
      },
    },
  });
  const keepAlive = $('ck-keepalive');
  keepAlive.addEventListener('change', async () => {
    keepAlive.disabled = true;
    try {
      const { sdk: call } = await api('POST', '/api/clickatell/keep-alive', { on: keepAlive.checked });
      sdk.textContent = call;
      show(
        out,
        keepAlive.checked
          ? 'keep-alive on: a ping once the session has been idle 10 to 11 minutes'
          : 'keep-alive off: the session now expires after 15 idle minutes',
      );
    } catch (error) {
      show(out, error.message, true);
      keepAlive.checked = !keepAlive.checked;
    } finally {
      keepAlive.disabled = false;
      await refresh();
    }
  });
}

export function renderClickatell(state) {
  const { info, keepAlive } = state.clickatell;
  if (!$('ck-keepalive').disabled) $('ck-keepalive').checked = keepAlive;
  $('ck-session').innerHTML = info
    ? `fingerprint <code title="the first 8 hex characters of the session ID's SHA-256: the ID itself is a secret">${info.token}</code> <small>(a one-way hash, not the ID)</small>`
    : 'none';
  const countdown = $('ck-countdown');
  const renews = ': the next call renews it';
  // no session held: the SDK's last event on the lane says whether it expired, and why
  const last = info ? undefined : lastOnLane(state.timeline, 'clickatell-soap session');
  if (info && info.expiresAt - state.now > 0)
    countdown.innerHTML = `idle-expires in <span class="countdown">${duration(info.expiresAt - state.now)}</span>`;
  else if (info || last?.reason === 'time') countdown.textContent = `expired (15 idle minutes)${renews}`;
  else if (last?.type === 'expired') countdown.textContent = `expired (${last.detail})${renews}`;
  else countdown.textContent = 'no session';
}
