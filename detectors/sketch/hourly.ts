export const HOUR_MS = 3_600_000;

/**
 * Per-hour sums of event time over the last `size` hours, newest first: `counts[i]` is hour
 * `head - i` (hours since the epoch, UTC). Entries past the end are zero and zeros at the old end
 * are not stored, so a quiet key keeps a short array. Plain JSON data.
 */
export interface HourlyRing {
  size: number;
  /** Hour of `counts[0]`; -1 before the first value. */
  head: number;
  /** Earliest hour ever added: before it the key did not exist, after it a zero is a quiet hour. */
  since: number;
  counts: number[];
}

export function newHourly(size: number): HourlyRing {
  return { size, head: -1, since: -1, counts: [] };
}

export function hourOf(ts: number): number {
  return Math.floor(ts / HOUR_MS);
}

/** Adds `v` to the hour of `ts`; false when that hour has already left the ring (too late to count). */
export function addHourly(r: HourlyRing, ts: number, v: number): boolean {
  const h = hourOf(ts);
  if (r.since < 0 || h < r.since) r.since = h;
  if (h > r.head) advance(r, h);
  const i = r.head - h;
  if (i >= r.size) return false;
  const c = r.counts;
  while (c.length <= i) c.push(0);
  c[i] += v;
  return true;
}

/** The sum of `i` hours before the newest (0 when outside the ring). */
export function hourlyAt(r: HourlyRing, i: number): number {
  return r.counts[i] ?? 0;
}

/** Hours the ring covers since the key's first event: its observed span, at most `size`. */
export function spanHours(r: HourlyRing): number {
  return r.head < 0 ? 0 : Math.min(r.size, r.head - r.since + 1);
}

function advance(r: HourlyRing, h: number): void {
  const shift = h - r.head;
  r.head = h;
  if (shift >= r.size) {
    r.counts = [];
    return;
  }
  // In place (this runs for every key's first event of each hour): the same array as shift zeros
  // followed by the counts, cut to the ring's size, with the zeros at the old end dropped.
  const c = r.counts;
  if (c.length === 0) return;
  const n = Math.min(shift + c.length, r.size);
  for (let i = c.length; i < n; i++) c.push(0);
  c.length = n;
  for (let i = n - 1; i >= shift; i--) c[i] = c[i - shift];
  for (let i = 0; i < shift; i++) c[i] = 0;
  while (c.length > 0 && c[c.length - 1] === 0) c.pop();
}
