// The token lifecycle timeline: one lane per token, dots that never hide each other, warps as shaded bands,
// an axis in minutes, hours and days, a hover with details, and the same events as a list to export.
import { clockText, since, warpLabel } from './format.js';

const $ = (id) => document.getElementById(id);
export const COLORS = {
  issued: '#2b6cb0',
  used: '#a0aec0',
  'keep-alive': '#805ad5',
  refreshed: '#38a169',
  expired: '#dd6b20',
  failed: '#e53e3e',
};
const LEFT = 150;
const RIGHT = 48;
const TOP = 8;
const LANE = 26;
const STACK = 11;
const MIN_STEP = 22;

let events = [];
let startedAt = 0;

/** The SDK's last event on `lane` (the timeline is in order of recording), e.g. an `expired` with its reason. */
export function lastOnLane(timeline, lane) {
  return timeline.findLast((e) => e.lane === lane);
}

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function mountTimeline() {
  $('legend').innerHTML = Object.entries(COLORS)
    .map(([t, c]) => `<span><i style="background:${c}"></i>${t}</span>`)
    .concat('<span><i style="background:#cbd5e0;border-radius:0"></i>time warp</span>')
    .join('');
  $('timeline-export').addEventListener('click', () => {
    const blob = new Blob([JSON.stringify({ exportedAt: new Date().toISOString(), events }, null, 2)], {
      type: 'application/json',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'timeline.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  const svg = $('timeline');
  const tip = $('timeline-tip');
  const showTip = (target) => {
    const event = events.find((e) => String(e.id) === target.dataset.id);
    if (!event) return;
    tip.textContent = details(event);
    tip.hidden = false;
    const box = target.getBoundingClientRect();
    const host = tip.parentElement.getBoundingClientRect();
    tip.style.left = `${Math.max(0, Math.min(box.left - host.left + 10, host.width - 300))}px`;
    tip.style.top = `${box.bottom - host.top + 6}px`;
  };
  for (const kind of ['mouseover', 'focusin']) {
    svg.addEventListener(kind, (e) => {
      if (e.target.classList?.contains('event')) showTip(e.target);
    });
  }
  for (const kind of ['mouseout', 'focusout']) {
    svg.addEventListener(kind, (e) => {
      if (e.target.classList?.contains('event')) tip.hidden = true;
    });
  }
}

function details(e) {
  const lines = [`${e.type === 'time-warp' ? `time warp ${warpLabel(e.at - e.from)}` : e.type} · ${e.lane}`];
  lines.push(`at ${since(e.at - startedAt)} (${clockText(e.at)})`);
  if (e.token) lines.push(`token fingerprint ${e.token}`);
  if (e.expiresAt !== undefined)
    lines.push(e.expiresAt === null ? 'expires: not by time' : `expires ${since(e.expiresAt - startedAt)}`);
  if (e.detail) lines.push(e.detail);
  return lines.join('\n');
}

/**
 * x for every moment: distinct moments are at least MIN_STEP apart, and a longer gap gets more room (by its
 * logarithm), so a second, ten minutes and ten years all stay readable on one axis.
 */
function scale(times, width) {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const raw = [0];
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i] - sorted[i - 1]) / 1000;
    raw.push(raw[i - 1] + MIN_STEP + 16 * Math.log10(1 + gap));
  }
  const span = raw.at(-1) || 1;
  const room = width - LEFT - RIGHT;
  const stretch = span < room ? room / span : 1;
  const xs = new Map(sorted.map((t, i) => [t, LEFT + raw[i] * stretch]));
  return { x: (t) => xs.get(t), sorted, right: LEFT + span * stretch + RIGHT };
}

export function renderTimeline(state) {
  events = state.timeline;
  const svg = $('timeline');
  const warps = events.filter((e) => e.type === 'time-warp');
  const dots = events.filter((e) => e.type !== 'time-warp');
  startedAt = events.length ? Math.min(...events.map((e) => e.from ?? e.at)) : state.now;
  renderList();
  const sig = `${events.length}:${events.at(-1)?.id ?? 0}:${svg.parentElement.clientWidth}`;
  if (svg.dataset.sig === sig) return;
  svg.dataset.sig = sig;
  if (!events.length) {
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '60');
    svg.innerHTML =
      '<text x="10" y="34" fill="#718096" font-size="13">no events yet: log in somewhere</text>';
    $('timeline-axis-note').textContent = '';
    return;
  }
  const lanes = [...new Set(dots.map((e) => e.lane))];
  const { x, sorted, right } = scale(
    events.flatMap((e) => (e.from === undefined ? [e.at] : [e.from, e.at])),
    Math.max(320, svg.parentElement.clientWidth),
  );
  // events of one lane at one moment are stacked, never drawn on top of each other
  const slot = new Map();
  const stackOf = (e) => {
    const key = `${e.lane}|${e.at}`;
    const n = slot.get(key) ?? 0;
    slot.set(key, n + 1);
    return n;
  };
  const placed = dots.map((e) => ({ e, n: stackOf(e) }));
  const depth = new Map(lanes.map((l) => [l, 1]));
  for (const { e, n } of placed) depth.set(e.lane, Math.max(depth.get(e.lane), n + 1));
  // warp labels take as many rows as they need not to overlap
  const labelRows = [];
  const warpLabels = warps.map((w) => {
    const text = `warp ${warpLabel(w.at - w.from)}`;
    const from = x(w.from);
    const width = text.length * 6.5;
    let row = labelRows.findIndex((end) => end < from);
    if (row === -1) row = labelRows.push(0) - 1;
    labelRows[row] = from + width + 6;
    return { w, text, row };
  });
  const labelsHeight = labelRows.length * 13;
  const laneTop = new Map();
  let y = TOP + labelsHeight + 4;
  for (const lane of lanes) {
    laneTop.set(lane, y);
    y += LANE + (depth.get(lane) - 1) * STACK;
  }
  const bottom = y;
  const parts = [];
  for (const { w, text, row } of warpLabels) {
    const a = x(w.from);
    const b = x(w.at);
    parts.push(
      `<rect class="warp" x="${a}" y="${TOP + labelsHeight}" width="${Math.max(2, b - a)}" height="${bottom - TOP - labelsHeight}" fill="#e2e8f0"><title>time warp ${esc(warpLabel(w.at - w.from))}</title></rect>`,
      `<text class="warp-label" x="${a}" y="${TOP + 10 + row * 13}" font-size="11" fill="#4a5568">${esc(text)}</text>`,
    );
  }
  for (const lane of lanes) {
    const top = laneTop.get(lane);
    parts.push(
      `<text class="lane" x="4" y="${top + 13}" font-size="12">${esc(lane)}</text>`,
      `<line x1="${LEFT - 6}" x2="${right - RIGHT + 6}" y1="${top + 9}" y2="${top + 9}" stroke="#cbd5e0"/>`,
    );
  }
  for (const { e, n } of placed) {
    const cx = x(e.at).toFixed(1);
    const cy = laneTop.get(e.lane) + 9 + n * STACK;
    const r = e.type === 'used' ? 4 : 6;
    parts.push(
      `<circle class="event event-${e.type}" data-id="${e.id}" data-type="${e.type}" data-lane="${esc(e.lane)}" tabindex="0" cx="${cx}" cy="${cy}" r="${r}" fill="${COLORS[e.type] ?? '#000'}" aria-label="${esc(`${e.type} ${e.lane} ${since(e.at - startedAt)}`)}"/>`,
    );
  }
  // the axis: a tick at each moment that has room for its label
  let lastEnd = -Infinity;
  parts.push(
    `<line x1="${LEFT - 6}" x2="${right - RIGHT + 6}" y1="${bottom + 2}" y2="${bottom + 2}" stroke="#a0aec0"/>`,
  );
  for (const t of sorted) {
    const tx = x(t);
    const label = since(t - startedAt);
    const width = label.length * 6;
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${bottom}" y2="${bottom + 5}" stroke="#a0aec0"/>`);
    if (tx - width / 2 > lastEnd + 6) {
      parts.push(
        `<text class="tick" x="${tx}" y="${bottom + 17}" font-size="10.5" text-anchor="middle" fill="#4a5568">${esc(label)}</text>`,
      );
      lastEnd = tx + width / 2;
    }
  }
  svg.setAttribute('width', String(Math.ceil(right)));
  svg.setAttribute('height', String(bottom + 24));
  svg.innerHTML = parts.join('');
  $('timeline-axis-note').textContent =
    `time since the first event (${clockText(startedAt)}); the gap between two moments grows with the logarithm of the time between them`;
}

function renderList() {
  const body = $('event-list').querySelector('tbody');
  const sig = `${events.length}:${events.at(-1)?.id ?? 0}`;
  if (body.dataset.sig === sig) return;
  body.dataset.sig = sig;
  body.innerHTML = [...events]
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map(
      (e) =>
        `<tr class="row-${e.type}" data-lane="${esc(e.lane)}"><td>${esc(since(e.at - startedAt))}</td><td>${esc(e.lane)}</td><td>${
          e.type === 'time-warp' ? `time warp ${esc(warpLabel(e.at - e.from))}` : esc(e.type)
        }${e.token ? ` <code>${esc(e.token)}</code>` : ''}</td><td>${esc(e.detail ?? '')}</td></tr>`,
    )
    .join('');
}
