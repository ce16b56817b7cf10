import { combine32, fmix32 } from '../hash';

// Bound once, as in hash.ts.
const { imul } = Math;

/**
 * MinHash over shingle hashes: `k` minima, each under its own permutation of the 32-bit hashes.
 * Two texts agree on any one position with probability equal to the Jaccard similarity of their
 * shingle sets, so the values serve as near-duplicate fingerprints and as LSH band keys. Plain
 * number arrays, so they serialise as JSON.
 */

/** Positions; `MinHashBuilder.add` is written out for each. */
export const MINHASH_SIZE = 4;
// Seeds of the positions' permutations, as int32 constants the compiler folds into the code (xor
// and imul read only the low 32 bits).
const seedOf = (i: number) => fmix32(imul(0x9e3779b9, i + 1)) | 0;
const SEED_0 = seedOf(0);
const SEED_1 = seedOf(1);
const SEED_2 = seedOf(2);
const SEED_3 = seedOf(3);
const EMPTY = 0xffffffff;

/** A position's permutation of a shingle hash: xor, xor-shift, odd multiply (each a bijection). */
function permute(h: number, seed: number): number {
  const v = h ^ seed;
  return imul(v ^ (v >>> 16), seed | 1) >>> 0;
}

/** Hash of a shingle of consecutive tokens, built up one token at a time. */
export function shingleHash(previous: number, token: number): number {
  return combine32(previous, token);
}

/**
 * The MinHash of one text at a time, reused across texts. The minima are kept in a typed array, so
 * the per-word update compares unsigned integers without boxing; `values()` hands out a plain array.
 */
export class MinHashBuilder {
  private readonly mins = new Uint32Array(MINHASH_SIZE).fill(EMPTY);

  reset(): void {
    for (let i = 0; i < MINHASH_SIZE; i++) this.mins[i] = EMPTY; // a loop: fill() calls into the runtime
  }

  /**
   * Adds a shingle hash. It must already be well mixed (shingleHash is), so a light permutation per
   * position (xor, xor-shift, odd multiply: each a bijection) is enough and keeps this per-word cheap.
   */
  add(h: number): void {
    // Written out: this runs for every word, and a loop over arrays of seeds cost more than the
    // permutations themselves.
    this.lower(0, permute(h, SEED_0));
    this.lower(1, permute(h, SEED_1));
    this.lower(2, permute(h, SEED_2));
    this.lower(3, permute(h, SEED_3));
  }

  private lower(i: number, v: number): void {
    if (v < this.mins[i]) this.mins[i] = v;
  }

  values(): number[] {
    const out = new Array<number>(MINHASH_SIZE);
    for (let i = 0; i < MINHASH_SIZE; i++) out[i] = this.mins[i];
    return out;
  }
}

/** Estimated Jaccard similarity: the share of positions where two MinHashes agree. */
export function minHashSimilarity(a: readonly number[], b: readonly number[]): number {
  const k = Math.min(a.length, b.length);
  let same = 0;
  for (let i = 0; i < k; i++) if (a[i] === b[i] && a[i] !== EMPTY) same++;
  return k ? same / k : 0;
}
