/** How detectors write figures into summaries and evidence, the same way everywhere. */

/** A whole number with thousands separators: 12,345. */
export function count(x: number): string {
  const s = Math.round(x).toString();
  const start = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const digits = s.length - start;
  if (digits <= 3) return s;
  // Plain digits are grouped by hand (summaries are written on every assessment); anything else
  // ("Infinity", exponent notation) takes the pattern, which the hand grouping equals on digits.
  if (!PLAIN_INTEGER.test(s)) return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let out = s.slice(0, start + ((digits - 1) % 3) + 1);
  for (let i = out.length; i < s.length; i += 3) out += ',' + s.slice(i, i + 3);
  return out;
}

const PLAIN_INTEGER = /^-?\d+$/;

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
