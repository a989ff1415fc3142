// Durations and times as people read them: "14 min 59 s", "23 h 59 min", "364 days 23 h", "10 years".

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** A duration in its two largest units: `45 s`, `14 min 59 s`, `2 h 5 min`, `3 days 4 h`, `10 years 2 days`. */
export function duration(ms) {
  const abs = Math.max(0, Math.round(ms));
  if (abs < MIN) return `${Math.round(abs / 1000)} s`;
  const parts = [
    [YEAR, (n) => `${n} ${n === 1 ? 'year' : 'years'}`],
    [DAY, (n) => `${n} ${n === 1 ? 'day' : 'days'}`],
    [HOUR, (n) => `${n} h`],
    [MIN, (n) => `${n} min`],
    [1000, (n) => `${n} s`],
  ];
  const i = parts.findIndex(([unit]) => abs >= unit);
  const [big, name] = parts[i];
  const first = Math.floor(abs / big);
  const rest = abs - first * big;
  const [small, smallName] = parts[i + 1] ?? [];
  const second = small ? Math.floor(rest / small) : 0;
  return second ? `${name(first)} ${smallName(second)}` : name(first);
}

/** A warp's label: `+10 min`, `+1 day`, `+10 years`. */
export function warpLabel(ms) {
  return `+${duration(ms)}`;
}

/** Time since the start of the story: `+0 s`, `+16 min`, `+1 day 2 h`. */
export function since(ms) {
  return `+${duration(ms)}`;
}

/** A clock reading: `2026-01-01 12:00:00`. */
export function clockText(epochMs) {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? '–' : date.toISOString().replace('T', ' ').slice(0, 19);
}
