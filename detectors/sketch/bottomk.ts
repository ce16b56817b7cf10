import type { DistinctSketch } from './distinct';
import { lowerBound } from './distinct';

/**
 * Bottom-k sample of distinct hashes, each with a count: a uniform sample of the distinct values,
 * and each sampled value is counted exactly from its first sighting, because a value can only
 * enter the sample when first seen (the admission threshold never rises). It is a DistinctSketch,
 * so `estimateDistinct` applies to it. Plain JSON data.
 */
export interface CountedSample extends DistinctSketch {
  /** `counts[i]` belongs to `mins[i]`. */
  counts: number[];
}

export function newCountedSample(k: number): CountedSample {
  return { k, mins: [], counts: [] };
}

/** Adds `w` to the count of hash `h` (a uniformly spread 32-bit value). */
export function addCounted(s: CountedSample, h: number, w: number): void {
  const mins = s.mins;
  const n = mins.length;
  if (n === s.k && h > mins[n - 1]) return;
  const lo = lowerBound(mins, h);
  if (lo < n && mins[lo] === h) {
    s.counts[lo] += w;
    return;
  }
  mins.splice(lo, 0, h);
  s.counts.splice(lo, 0, w);
  if (mins.length > s.k) {
    mins.pop();
    s.counts.pop();
  }
}
