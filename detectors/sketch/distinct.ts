/**
 * K-minimum-values sketch: estimates how many distinct 32-bit hashes were added, in at most `k`
 * numbers, with a relative error of about 1/sqrt(k). Exact while fewer than `k` distinct values
 * have been seen, which is what small keys need. Plain data so that it serialises as JSON.
 */
export interface DistinctSketch {
  k: number;
  /** The smallest distinct hashes seen, ascending. */
  mins: number[];
}

export function newDistinct(k = 128): DistinctSketch {
  return { k, mins: [] };
}

/** Adds a hash; returns true when the value was not seen before (exact while below `k`). */
export function addDistinct(s: DistinctSketch, h: number): boolean {
  const mins = s.mins;
  const n = mins.length;
  if (n === s.k && h >= mins[n - 1]) return false;
  const lo = lowerBound(mins, h);
  if (lo < n && mins[lo] === h) return false;
  mins.splice(lo, 0, h);
  if (mins.length > s.k) mins.pop();
  return true;
}

/** The first index of an ascending array whose value is not below `x` (its insertion point). */
export function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function estimateDistinct(s: DistinctSketch): number {
  if (s.mins.length < s.k) return s.mins.length;
  const kth = s.mins[s.k - 1];
  return Math.round(((s.k - 1) * 4294967296) / (kth + 1));
}
