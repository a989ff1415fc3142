// Solutions By Text: one row per expiry setting, its transport, its token and when that token expires.
import { api, bindForm, show } from './api.js';
import { duration } from './format.js';
import { lastOnLane } from './timeline.js';

const $ = (id) => document.getElementById(id);

function expires(info, setting, now, last) {
  // the client let an expired token go: the SDK's own event says so
  if (!info) return last?.type === 'expired' ? 'expired: the next call takes a new one' : '–';
  if (info.expiresAt === null)
    return setting === 'expire-on-new' ? 'until a new token is taken' : 'never by time';
  const left = info.expiresAt - now;
  return left > 0 ? `in ${duration(left)}` : 'expired: the next call takes a new one';
}

export function mountSbtPanel({ refresh }) {
  const out = $('sbt-out');
  const sdk = $('sbt-sdk');
  const setting = (button) => button.dataset.setting;
  bindForm($('sbt-form'), {
    out,
    sdk,
    after: refresh,
    handlers: {
      default: async (button) => {
        const s = setting(button);
        if (button.dataset.op === 'token') {
          const { result, sdk } = await api('POST', '/api/sbt/token', { setting: s });
          return { sdk, text: `${s}: token ${result.token}` };
        }
        if (button.dataset.op === 'other') {
          const { sdk } = await api('POST', '/api/sbt/other-app', { setting: s });
          return {
            sdk,
            text:
              s === 'expire-on-new'
                ? `${s}: another app took a new token; ours is dead, the next send re-authenticates`
                : `${s}: another app took a token; ours lives on`,
          };
        }
        // on a real key the server asks the person first (api.js shows its question)
        const { result, sdk } = await api('POST', '/api/sbt/send', { setting: s });
        return { sdk, text: `${s}: message sent (ticket ${result.transactionTicket})` };
      },
    },
  });
  $('sbt-rows').addEventListener('change', async (event) => {
    const select = event.target.closest('select[data-setting]');
    if (!select) return;
    select.disabled = true;
    try {
      const { sdk: call } = await api('POST', '/api/sbt/transport', {
        setting: select.dataset.setting,
        transport: select.value,
      });
      sdk.textContent = call;
      show(out, `${select.dataset.setting}: AuthenticateAPIKey now over ${select.value.toUpperCase()}`);
    } catch (error) {
      show(out, error.message, true);
    } finally {
      select.disabled = false;
      await refresh();
    }
  });
}

export function renderSbt(state) {
  const rows = $('sbt-rows');
  const sig = state.sbt.map((r) => r.setting).join();
  if (rows.dataset.sig !== sig) {
    rows.dataset.sig = sig;
    rows.innerHTML = state.sbt
      .map(
        ({ setting }) => `<div class="sbt-row" id="sbt-row-${setting}">
  <b>${setting}</b>
  <span><label for="sbt-transport-${setting}" class="visually-hidden">transport for ${setting}</label>
    <select id="sbt-transport-${setting}" data-setting="${setting}"><option value="soap">SOAP</option><option value="rest">REST</option></select></span>
  <span class="sbt-token">token <code class="token">–</code>, expires <span class="expires">–</span></span>
  <span class="sbt-actions">
    <button type="submit" id="sbt-token-${setting}" data-setting="${setting}" data-op="token">Get token</button>
    <button type="submit" id="sbt-send-${setting}" data-setting="${setting}" data-op="send">Send test SMS</button>
    <button type="submit" id="sbt-other-${setting}" data-setting="${setting}" data-op="other">Another app authenticates</button>
  </span>
</div>`,
      )
      .join('');
  }
  for (const { setting, transport, info } of state.sbt) {
    const row = $(`sbt-row-${setting}`);
    const select = row.querySelector('select');
    if (!select.disabled && document.activeElement !== select) select.value = transport;
    row.querySelector('.token').textContent = info ? info.token : '–';
    const last = lastOnLane(state.timeline, `sbt ${setting}`);
    row.querySelector('.expires').textContent = expires(info, setting, state.now, last);
  }
}
