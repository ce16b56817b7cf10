/** Where a figure starts to count and where it counts fully; `full` may lie below `from`. */
export type Span = readonly [from: number, full: number];

/**
 * Turns a figure into a 0..1 part of a score: 0 at `from`, 1 at `full`, linear between, clamped.
 * NaN grades 0, so a missing figure never raises a score.
 */
export function grade(x: number, [from, full]: Span): number {
  const t = (x - from) / (full - from);
  return t > 0 ? (t < 1 ? t : 1) : 0;
}

/** `grade` on a log scale, for figures that matter by their order of magnitude (counts, ratios). */
export function gradeLog(x: number, [from, full]: Span): number {
  return x > 0 ? grade(Math.log(x), [Math.log(from), Math.log(full)]) : 0;
}

/** noisy-OR: how likely at least one of several independent pieces of evidence holds. */
export function noisyOr(values: readonly number[]): number {
  let miss = 1;
  for (const v of values) miss *= 1 - v;
  return 1 - miss;
}
