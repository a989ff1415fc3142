// Fault injection: the emulator spoils the next call of one service.
import { api, bindForm } from './api.js';

const $ = (id) => document.getElementById(id);

const WORDS = {
  timeout: 'no answer in time',
  'status-500': 'HTTP 500',
  reset: 'a connection reset',
  slow: 'a slow answer',
  'invalid-token': 'every token forgotten',
};

export function mountFaultsPanel({ refresh }) {
  bindForm($('fault-form'), {
    out: $('fault-out'),
    sdk: $('fault-sdk'),
    after: refresh,
    handlers: {
      default: async () => {
        const service = $('fault-service').value;
        const fault = $('fault-kind').value;
        const { sdk } = await api('POST', '/api/faults', { service, fault });
        return {
          sdk,
          text:
            fault === 'invalid-token'
              ? `${service}: ${WORDS[fault]}; the next call is rejected, the client renews and retries`
              : `${service}: the next call gets ${WORDS[fault]}`,
        };
      },
    },
  });
}

export function renderFaults(state) {
  $('faults').hidden = !state.warpable;
}
