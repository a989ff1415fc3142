// Clickatell 2FA: send a challenge, verify a PIN, be the phone (inbox, solve), follow the status live.
import { api, bindForm } from './api.js';
import { clockText } from './format.js';

const $ = (id) => document.getElementById(id);
const KEY = 'playground-challenge';

/** The challenge this tab works on: kept across reloads, else the tab's newest. */
let current = sessionStorage.getItem(KEY);
const choose = (id) => {
  current = id;
  if (id) sessionStorage.setItem(KEY, id);
  else sessionStorage.removeItem(KEY);
};

export function mountMfaPanel({ refresh }) {
  const out = $('mfa-out');
  const sdk = $('mfa-sdk');
  const request = (kind) => async () => {
    const { result, sdk } = await api('POST', '/api/mfa/request', { kind, to: $('mfa-to').value });
    choose(result.id);
    return { sdk, text: `${kind} challenge sent: ${result.id}` };
  };
  bindForm($('mfa-send'), {
    out,
    sdk,
    after: refresh,
    handlers: { 'mfa-pin': request('pin'), 'mfa-grid': request('grid'), 'mfa-gridplus': request('gridplus') },
  });
  const needChallenge = () => {
    if (!current) throw new Error('ValidationError: send a challenge first');
    return current;
  };
  bindForm($('mfa-check'), {
    out,
    sdk,
    after: refresh,
    handlers: {
      'mfa-verify': async () => {
        const { result: s, sdk } = await api('POST', '/api/mfa/verify', {
          id: needChallenge(),
          pin: $('mfa-pin-code').value,
        });
        return { sdk, text: `${s.challengeStatus} ${s.state}: ${s.description}` };
      },
      'mfa-solve': async () => {
        const { result: s, sdk } = await api('POST', '/api/mfa/solve', { id: needChallenge() });
        return { sdk, text: `solved on the phone: ${s.challengeStatus} ${s.state}` };
      },
      'mfa-inbox': async () => {
        const { result, sdk } = await api('POST', '/api/mfa/inbox', { to: $('mfa-to').value });
        const messages = result.messages;
        const mine = messages.find((m) => m.apiRequestId === current);
        if (mine?.pin) $('mfa-pin-code').value = mine.pin;
        if (!messages.length) return { sdk, text: 'inbox empty' };
        const lines = messages.map(
          (m) =>
            `${clockText(m.at)} ${m.apiRequestId === current ? '▶ this challenge' : `  ${m.apiRequestId.slice(0, 8)}…`}: ${m.text}`,
        );
        const note = mine?.pin
          ? 'PIN of this challenge filled in'
          : current
            ? 'no PIN for this challenge in the inbox'
            : '';
        return { sdk, text: `${note}\n${lines.join('\n')}`.trim() };
      },
    },
  });
}

export function renderMfa(state) {
  const { challenges } = state.mfa;
  if (current && !challenges.some((c) => c.id === current)) choose(null); // after a reset
  if (!current && challenges.length) choose(challenges.at(-1).id);
  const c = challenges.find((x) => x.id === current);
  $('mfa-status').textContent = c
    ? `${c.kind} ${c.id.slice(0, 8)}… to ${c.to}: ${c.status ? `${c.status.challengeStatus} ${c.status.state} — ${c.status.description}` : 'sent'}`
    : 'no challenge yet';
  for (const id of ['mfa-inbox', 'mfa-solve']) $(id).hidden = state.mfa.phone === null;
}
