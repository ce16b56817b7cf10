import { combine32 } from '../../detectors/hash';
import { Rng } from './rng';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Relative activity for each local hour 0..23, read with linear interpolation between hours. */
export type DailyCurve = readonly number[];

/** One person's free time: little at night, a lunch bump, an evening peak. */
export const LEISURE: DailyCurve = [
  0.25, 0.12, 0.06, 0.03, 0.02, 0.03, 0.1, 0.3, 0.5, 0.6, 0.65, 0.7, 0.8, 0.75, 0.7, 0.7, 0.75, 0.85,
  0.95, 1, 1, 0.95, 0.8, 0.5,
];

/** A working day with a lunch dip and a little evening work. */
export const OFFICE: DailyCurve = [
  0.02, 0.01, 0, 0, 0, 0, 0.02, 0.1, 0.5, 0.9, 1, 1, 0.6, 0.8, 1, 1, 0.9, 0.6, 0.3, 0.15, 0.15, 0.12,
  0.08, 0.04,
];

/** Many people of one market together: smooth, never zero, peaking in the evening. */
export const AUDIENCE: DailyCurve = [
  0.35, 0.22, 0.14, 0.1, 0.08, 0.09, 0.15, 0.3, 0.5, 0.65, 0.72, 0.78, 0.85, 0.82, 0.8, 0.8, 0.82,
  0.88, 0.95, 1, 1, 0.92, 0.75, 0.55,
];

/** The same at every hour: machines that do not sleep. */
export const FLAT: DailyCurve = Array.from({ length: 24 }, () => 1);

export function curveAt(curve: DailyCurve, hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  const i = Math.floor(h);
  const f = h - i;
  return curve[i] * (1 - f) + curve[(i + 1) % 24] * f;
}

/** Mean over the day, to turn "events per day" into a per-hour rate. */
function curveMean(curve: DailyCurve): number {
  return curve.reduce((a, b) => a + b, 0) / 24;
}

function curveMax(curve: DailyCurve): number {
  return Math.max(...curve);
}

/** Local hour (fractional) in a zone `tz` hours from UTC. */
export function localHour(t: number, tz: number): number {
  const h = (t + tz * HOUR) / HOUR;
  return ((h % 24) + 24) % 24;
}

/** Local day number (days since 1970-01-01 in that zone). */
export function localDay(t: number, tz: number): number {
  return Math.floor((t + tz * HOUR) / DAY);
}

/** UTC time at which local day `day` begins. */
export function localDayStart(day: number, tz: number): number {
  return day * DAY - tz * HOUR;
}

export function isWeekend(t: number, tz: number): boolean {
  // 1970-01-01 was a Thursday: day 2 is Saturday, day 3 Sunday.
  const dow = (((localDay(t, tz) + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6;
}

const TIME_ZONES: readonly (readonly [number, number])[] = [
  [-8, 10], [-7, 4], [-6, 8], [-5, 14], [-3, 5], [0, 7], [1, 14], [2, 6], [3, 4], [5.5, 9], [7, 3],
  [8, 8], [9, 5], [10, 3],
];

/** A time zone weighted roughly by where API users live. */
export function pickTimeZone(rng: Rng): number {
  return rng.weighted(TIME_ZONES);
}

/**
 * A key's activity level per day: 0 on days off, otherwise log-normal around 1. Drawn from a
 * hash of (seed, day) so nothing is stored; the last day is cached because callers ask in order.
 */
export function dailyLevels(seed: number, offProbability: number, sigma: number): (day: number) => number {
  let cachedDay = NaN;
  let cached = 0;
  return (day) => {
    if (day !== cachedDay) {
      const r = new Rng(combine32(seed, day >>> 0));
      cachedDay = day;
      cached = r.chance(offProbability) ? 0 : Math.min(2.5, r.logNormal(1, sigma));
    }
    return cached;
  };
}

/** How often something happens over time: a per-hour rate and a bound on it. */
export interface Rhythm {
  perHour(t: number): number;
  maxPerHour: number;
}

export interface RhythmSpec {
  /** Mean events per day on an ordinary weekday at level 1. */
  perDay: number;
  curve: DailyCurve;
  /** Time zone, hours from UTC. */
  tz: number;
  /** Hours the curve is shifted later (a night owl, a late-starting team). */
  shift?: number;
  /** Activity on Saturdays and Sundays relative to weekdays. */
  weekend?: number;
  /** Per-day level, see dailyLevels (at most 2.5). */
  levels?: (day: number) => number;
}

export function rhythm(spec: RhythmSpec): Rhythm {
  const { perDay, curve, tz, shift = 0, weekend = 1, levels } = spec;
  const scale = perDay / 24 / curveMean(curve);
  return {
    perHour: (t) =>
      scale *
      curveAt(curve, localHour(t, tz) - shift) *
      (isWeekend(t, tz) ? weekend : 1) *
      (levels ? levels(localDay(t, tz)) : 1),
    maxPerHour: scale * curveMax(curve) * Math.max(1, weekend) * (levels ? 2.5 : 1),
  };
}

/**
 * Time of the next event after `from` of a process following `r` (Lewis-Shedler thinning);
 * undefined when it falls at or after `end`.
 */
export function nextArrival(rng: Rng, from: number, end: number, r: Rhythm): number | undefined {
  if (r.maxPerHour <= 0) return undefined;
  let t = from;
  for (;;) {
    t += rng.exponential(HOUR / r.maxPerHour);
    if (t >= end) return undefined;
    if (rng.next() * r.maxPerHour < r.perHour(t)) return t;
  }
}

/** A machine interval: `mean` with a small relative jitter. */
export function jittered(rng: Rng, mean: number, jitter: number): number {
  return Math.max(1, mean * (1 + jitter * rng.normal()));
}

/** How long a person takes to read (part of) an answer and then write or paste the next message. */
export function humanPause(rng: Rng, answerTokens: number, nextPrompt: string): number {
  const readMs = ((answerTokens * 0.75) / rng.range(180, 320)) * MINUTE * rng.range(0.15, 1);
  const writeMs =
    nextPrompt.length > 300 && rng.chance(0.7)
      ? rng.range(3, 15) * SECOND
      : (nextPrompt.length / rng.range(2.5, 6)) * SECOND;
  return readMs + writeMs + rng.logNormal(4 * SECOND, 0.8);
}
