// Shared wording and number formats, so the queue and the detail read the same.

// Event times are epoch ms, shown in UTC so that analysts in different places quote the same time.
const utc = (options) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour12: false, ...options });
const dateTime = utc({ dateStyle: 'medium', timeStyle: 'short' });
const dayTime = utc({ day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });
const day = utc({ day: '2-digit', month: 'short' });
const time = utc({ hour: '2-digit', minute: '2-digit' });

/** "2 Nov 2026, 10:01 UTC" */
export function when(ms) {
  return `${dateTime.format(ms)} UTC`;
}

/** "02 Nov, 10:01": for tight spots, where the caller names the zone. */
export function shortWhen(ms) {
  return dayTime.format(ms);
}

/** "02 Nov" */
export function dayOf(ms) {
  return day.format(ms);
}

/** "10:01" */
export function timeOf(ms) {
  return time.format(ms);
}

export function score(x) {
  return x.toFixed(2);
}

export function count(n) {
  return n.toLocaleString('en-US');
}

/** "false_positive" → "false positive", "templatedShare" → "templated share" */
export function words(id) {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
}

/** Evidence values are numbers, strings or booleans; long fractions are noise in a table. */
export function figure(value) {
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? count(value) : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}
