// Days as whole numbers (days since 1970-01-01, UTC) and partial dates as windows of days, as the ledger reads them:
// "2003" is 2003-01-01…2003-12-31, "2025-05" is the month, "2025-04-17" one day (docs/projections.md, "Certainty").

import { quoted } from './html.js';

const MS_PER_DAY = 86400000;

/**
 * Milliseconds at midnight UTC of a year, month (0-based, may overflow) and day. Not Date.UTC: it reads the years 0–99
 * as 1900–1999, and the ledger takes effective dates from the year 1 (a fact of the year 50 was drawn in 1950).
 */
function utc(year, month, day) {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

export function dayOf(text) {
  const [y, m, d] = text.split('-').map(Number);
  return Math.round(utc(y, m - 1, d) / MS_PER_DAY);
}

/** Whether a text is a day as the API reads one (YYYY-MM-DD, a day that exists, from the year 1). */
export function isDay(text) {
  return typeof text === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && text >= '0001-01-01' && dayText(dayOf(text)) === text;
}

/** The API's own words for a parameter that is no day (QueryRules.Day): which part does not exist, when it has the form. */
export function notADay(name, text) {
  const why = noSuchDay(text);
  return why
    ? `'${name}': ${quoted(text)} is not a valid date: ${why}.`
    : `'${name}' must be a day of the form YYYY-MM-DD; ${quoted(text)} is not.`;
}

/** Why a text of the form YYYY-MM-DD names no day, in the API's words (PartialDate), or null. */
function noSuchDay(text) {
  if (typeof text !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return null;
  const [y, m, d] = text.split('-').map(Number);
  if (y < 1) return `year ${y} is out of range 1..9999`;
  if (m < 1 || m > 12) return `month ${m} is out of range 1..12`;
  const days = new Date(utc(y, m, 0)).getUTCDate(); // day 0 of the next month: the month's last
  return d < 1 || d > days ? `day ${d} does not exist in ${text.slice(0, 7)}` : null;
}

export function dayText(day) {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function today() {
  return Math.floor(Date.now() / MS_PER_DAY);
}

/** The window of a partial date: its first and last possible day. */
export function windowOf(partial) {
  const parts = partial.split('-').map(Number);
  if (parts.length === 3) { const d = dayOf(partial); return { start: d, end: d }; }
  if (parts.length === 2) {
    const start = Math.round(utc(parts[0], parts[1] - 1, 1) / MS_PER_DAY);
    const end = Math.round(utc(parts[0], parts[1], 1) / MS_PER_DAY) - 1;
    return { start, end };
  }
  return { start: Math.round(utc(parts[0], 0, 1) / MS_PER_DAY), end: Math.round(utc(parts[0] + 1, 0, 1) / MS_PER_DAY) - 1 };
}

/** The same day a number of years earlier or later (29 February falls back to the 28th). */
export function addYears(day, years) {
  const d = new Date(day * MS_PER_DAY);
  const target = new Date(utc(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));
  if (target.getUTCDate() !== d.getUTCDate()) target.setUTCDate(0);
  return Math.round(target.getTime() / MS_PER_DAY);
}

export function yearOf(day) {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function firstDayOfYear(year) {
  return Math.round(utc(year, 0, 1) / MS_PER_DAY);
}

/**
 * Where a moment stands among the timeline's moments (ascending): the index of the last one at or before it, -1 when it is
 * before them all (nothing was known then; before round 55, 0: the control stood on the first moment beside an answer
 * as known before it). The address may name a moment the API reads but does not write that way (another offset, fewer
 * fraction digits, a moment between two changes); compared to the ledger's tick (100 ns), which Date.parse alone would
 * cut to the millisecond. Without an offset a moment is UTC, as the API takes it (Date.parse would take local time).
 */
export function momentPosition(moments, moment) {
  const at = ticksOf(moment);
  let position = -1;
  moments.forEach((m, i) => { if (compareTicks(ticksOf(m), at) <= 0) position = i; });
  return position;
}

function ticksOf(text) {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(.*)$/.exec(text);
  if (!m) return [Date.parse(text), 0];
  const digits = (m[2] ?? '').padEnd(7, '0');
  return [Date.parse(`${m[1]}.${digits.slice(0, 3)}${m[3] || 'Z'}`), Number(digits.slice(3, 7))];
}

const compareTicks = ([ms1, sub1], [ms2, sub2]) => ms1 - ms2 || sub1 - sub2;

/** A recorded-at moment for people: to the second, UTC. */
export function momentText(iso) {
  return iso.replace('T', ' ').replace(/(\.\d+)?(\+00:00|Z)$/, ' UTC');
}
