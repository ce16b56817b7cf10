/** How detectors write figures into summaries and evidence, the same way everywhere. */

/** A whole number with thousands separators: 12,345. */
export function count(x: number): string {
  return Math.round(x)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as a whole percentage: 0.623 → "62%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A number with `digits` decimals, for ratios and coefficients in prose: 0.0612 → "0.06". */
export function fixed(x: number, digits = 1): string {
  return x.toFixed(digits);
}

/** Rounds a figure for evidence, so records stay short and stable across platforms. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
