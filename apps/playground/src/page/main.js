// The page: one panel per service, the clock, the timeline and the inspector, refreshed from one state.
import { api } from './api.js';
import { mountClickatellPanel, renderClickatell } from './clickatellPanel.js';
import { mountClockControls, renderClock } from './clockControls.js';
import { mountCmsPanel, renderCms } from './cmsPanel.js';
import { mountFaultsPanel, renderFaults } from './faultsPanel.js';
import { clearInspector, mountInspector, refreshInspector } from './inspector.js';
import { mountMfaPanel, renderMfa } from './mfaPanel.js';
import { mountSbtPanel, renderSbt } from './sbtPanel.js';
import { mountTimeline, renderTimeline } from './timeline.js';

let state = null;
let running = null;
let queued = null;

/**
 * Fetch the state and draw everything. A call made while one runs gets one more after it, shared by every
 * such call: the running one may have read the state before the caller's action changed it (a 2FA
 * challenge just sent would be drawn as gone, and the tab would forget it was the current one).
 */
function refresh() {
  if (running) {
    queued ??= running.then(() => {
      queued = null;
      return refresh();
    });
    return queued;
  }
  running = (async () => {
    try {
      state = await api('GET', '/api/state');
      renderClock(state);
      renderClickatell(state);
      renderMfa(state);
      renderSbt(state);
      renderCms(state);
      renderFaults(state);
      renderTimeline(state);
      await refreshInspector();
      document.body.dataset.ready = 'true';
    } catch (error) {
      document.getElementById('clock-note').textContent =
        `the playground server did not answer: ${error.message}`;
    } finally {
      running = null;
    }
  })();
  return running;
}

const context = { refresh, getState: () => state };
mountClockControls({
  ...context,
  sdkOut: document.getElementById('fault-sdk'),
  onReset: () => {
    for (const id of [
      'ck-out',
      'mfa-out',
      'sbt-out',
      'fault-out',
      'ck-sdk',
      'mfa-sdk',
      'sbt-sdk',
      'cms-sdk',
      'fault-sdk',
    ])
      document.getElementById(id).textContent = '';
    document.getElementById('cms-identity').textContent = 'not logged in';
    document.getElementById('mfa-pin-code').value = '';
    clearInspector(false);
  },
});
mountClickatellPanel(context);
mountMfaPanel(context);
mountSbtPanel(context);
mountCmsPanel(context);
mountFaultsPanel(context);
mountTimeline();
mountInspector();
refresh();
setInterval(refresh, 1000);
