// The header: where each flow goes, the playground's clock, time warps and reset.
import { api, bindForm } from './api.js';
import { clockText, duration } from './format.js';

const $ = (id) => document.getElementById(id);
const MAX_MINUTES = 10 * 366 * 24 * 60;

/** Wire the clock controls; `onReset` clears what the page keeps of the old story. */
export function mountClockControls({ refresh, onReset, sdkOut }) {
  const presets = $('warp-presets');
  const custom = $('warp-form');
  const reset = $('reset');
  const busyRoots = [presets, custom, reset];
  const warp = async (minutes) => {
    const reply = await api('POST', '/api/warp', { minutes });
    return { sdk: reply.sdk, text: '' };
  };
  bindForm(presets, {
    handlers: { default: (button) => warp(Number(button.value)) },
    sdk: sdkOut,
    after: refresh,
    busyRoots,
  });
  bindForm(custom, {
    handlers: {
      default: () => {
        const minutes = Number($('warp-amount').value) * Number($('warp-unit').value);
        if (!(minutes > 0) || minutes > MAX_MINUTES)
          throw new Error('ValidationError: warp by more than nothing and at most 10 years');
        return warp(minutes);
      },
    },
    out: $('clock-note'),
    sdk: sdkOut,
    after: refresh,
    busyRoots,
  });
  reset.addEventListener('click', async () => {
    if (reset.disabled) return;
    for (const root of busyRoots) (root.querySelector?.('fieldset') ?? root).disabled = true;
    try {
      await api('POST', '/api/reset');
      onReset();
    } finally {
      for (const root of busyRoots) (root.querySelector?.('fieldset') ?? root).disabled = false;
      await refresh();
    }
  });
}

/** Show the targets, the clock and what a warp moves. */
export function renderClock(state) {
  $('targets').innerHTML = Object.entries(state.targets)
    .map(
      ([flow, t]) =>
        `<span class="badge ${t}">${flow}: ${t === 'real' ? 'REAL ENDPOINT' : 'emulator'}</span>`,
    )
    .join('');
  for (const el of document.querySelectorAll('.target[data-flow]')) {
    const t = state.targets[el.dataset.flow];
    el.innerHTML = `<span class="badge ${t}">${t === 'real' ? 'real endpoint · real time' : 'emulator clock'}</span>`;
  }
  $('clock-kind').textContent = state.warpable ? 'emulator clock' : 'real time';
  $('clock').textContent = clockText(state.now);
  const warped = Math.round((state.now - Date.now()) / 60_000) * 60_000;
  $('clock-warped').textContent = warped > 0 ? `(${duration(warped)} ahead of real time)` : '';
  const real = Object.entries(state.targets)
    .filter(([, t]) => t === 'real')
    .map(([flow]) => flow);
  if (!$('clock-note').classList.contains('err')) {
    $('clock-note').textContent = !state.warpable
      ? 'every flow goes to a real service, which keeps real time: nothing to warp'
      : real.length
        ? `warps move the emulator's clock and the clients on it; ${real.join(', ')} go to real services and keep real time`
        : 'a warp moves the emulator and its clients together: keep-alive pings, refreshes and expiries fall due on the way';
  }
  for (const id of ['warp-presets', 'warp-form']) $(id).hidden = !state.warpable;
}
