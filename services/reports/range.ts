import type { Range } from '../../schemas/report';
import { sortableId } from '../store/ids';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** UTC midnight of the day `at` falls in. */
export const dayStart = (at: number) => Math.floor(at / DAY) * DAY;

/** `2026-11-02` */
export const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The seven days before the day of `at` (UTC): a run on Monday morning covers Monday to Sunday. */
export function weekBefore(at: number): Range {
  const to = dayStart(at);
  return { from: to - WEEK, to };
}

/** The period of the same length just before, for week-over-week trends. */
export function previousRange(r: Range): Range {
  return { from: r.from - (r.to - r.from), to: r.from };
}

/** Every UTC day that `r` touches. */
export function daysOf(r: Range): number[] {
  const days: number[] = [];
  for (let d = dayStart(r.from); d < r.to; d += DAY) days.push(d);
  return days;
}

/** A scheduled report is named after its week, so a schedule that fires twice makes it once. */
export const scheduledReportId = (r: Range) => `weekly-${isoDay(r.from)}`;

export const requestedReportId = (now: number) => `r-${sortableId(now)}`;

/** A `YYYY-MM-DD` day as UTC midnight; throws on anything else. */
export function parseDay(s: string): number {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  if (Number.isNaN(at)) throw new Error(`${JSON.stringify(s)} is not a date like 2026-11-02`);
  return at;
}
