import { combine32, fmix32 } from '../hash';

// Bound once, as in hash.ts.
const { imul } = Math;

/**
 * MinHash over shingle hashes: `k` minima, each under its own permutation of the 32-bit hashes.
 * Two texts agree on any one position with probability equal to the Jaccard similarity of their
 * shingle sets, so the values serve as near-duplicate fingerprints and as LSH band keys. Plain
 * number arrays, so they serialise as JSON.
 */

export const MINHASH_SIZE = 4;
const MAX_SIZE = 16;
const SEEDS = Array.from({ length: MAX_SIZE }, (_, i) => fmix32(imul(0x9e3779b9, i + 1)));
const MULTIPLIERS = SEEDS.map((s) => (s | 1) >>> 0);
const EMPTY = 0xffffffff;

export function newMinHash(k = MINHASH_SIZE): number[] {
  if (k > MAX_SIZE) throw new Error(`MinHash size ${k} exceeds ${MAX_SIZE}`);
  return new Array<number>(k).fill(EMPTY);
}

/** Hash of a shingle of consecutive tokens, built up one token at a time. */
export function shingleHash(previous: number, token: number): number {
  return combine32(previous, token);
}

/**
 * Adds a shingle hash. It must already be well mixed (shingleHash is), so a light permutation per
 * position (xor, xor-shift, odd multiply: each a bijection) is enough and keeps this per-word cheap.
 */
export function addMinHash(mins: number[], h: number): void {
  for (let i = 0; i < mins.length; i++) {
    let v = h ^ SEEDS[i];
    v = imul(v ^ (v >>> 16), MULTIPLIERS[i]) >>> 0;
    if (v < mins[i]) mins[i] = v;
  }
}

/** Estimated Jaccard similarity: the share of positions where two MinHashes agree. */
export function minHashSimilarity(a: readonly number[], b: readonly number[]): number {
  const k = Math.min(a.length, b.length);
  let same = 0;
  for (let i = 0; i < k; i++) if (a[i] === b[i] && a[i] !== EMPTY) same++;
  return k ? same / k : 0;
}
