import { percent } from './format';
import { TOPIC_NAMES } from './features/text';

/**
 * Histograms over capability areas (the bits of `TextFeatures.topics`): how many prompts touched
 * each area. Plain number arrays, indexed like TOPIC_NAMES.
 */

export const AREA_COUNT = TOPIC_NAMES.length;

export function newAreaHistogram(): number[] {
  return new Array<number>(AREA_COUNT).fill(0);
}

/** Counts a prompt in each of its areas; with `firstAt`, notes `at` for areas reached the first time. */
export function addAreas(hist: number[], topics: number, firstAt?: number[], at = 0): void {
  for (let m = topics; m; m &= m - 1) {
    const area = 31 - Math.clz32(m & -m);
    if (hist[area]++ === 0 && firstAt) firstAt[area] = at;
  }
}

/** Shannon entropy of the histogram, in nats. */
function entropy(hist: readonly number[]): number {
  let total = 0;
  for (const c of hist) total += c;
  if (total === 0) return 0;
  let h = 0;
  for (const c of hist) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h;
}

/** Entropy over the log of all areas: 1 for an even spread over every area, 0 for a single one. */
export function evenness(hist: readonly number[]): number {
  return entropy(hist) / Math.log(AREA_COUNT);
}

/** exp(entropy): how many equally used areas would give the same spread. */
export function effectiveAreas(hist: readonly number[]): number {
  return Math.exp(entropy(hist));
}

/** Areas with at least `min` prompts. */
export function areasWith(hist: readonly number[], min: number): number {
  let n = 0;
  for (const c of hist) if (c >= min) n++;
  return n;
}

/** The `n` largest areas with their share of area hits, for evidence: "math 21%, code 14%". */
export function topAreas(hist: readonly number[], n = 3): string {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i];
  if (total === 0) return '';
  // Selection of the n largest (most hits first, then area order), without sorting every area:
  // this runs on every assessment of a key with prompts.
  let out = '';
  let prevC = Infinity;
  let prevI = -1;
  for (let picked = 0; picked < n; picked++) {
    let best = -1;
    for (let i = 0; i < hist.length; i++) {
      const c = hist[i];
      // Only areas ranked after the previous pick: fewer hits, or as many and a later area.
      if (c <= 0 || c > prevC || (c === prevC && i <= prevI)) continue;
      if (best < 0 || c > hist[best]) best = i;
    }
    if (best < 0) break;
    out += `${picked > 0 ? ', ' : ''}${TOPIC_NAMES[best]} ${percent(hist[best] / total)}`;
    prevC = hist[best];
    prevI = best;
  }
  return out;
}
