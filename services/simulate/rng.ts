import { combine32, fmix32, hash32 } from '../../detectors/hash';

// Bound once, as in hash.ts.
const { imul } = Math;

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Seeded PRNG (xoshiro128**). Every random choice of the simulator goes through one of these so
 * that a seed reproduces the output byte for byte; Math.random and the clock are never read.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 spreads one 32-bit seed over the 128-bit state (an all-zero state would stick).
    let x = seed >>> 0;
    const step = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      return fmix32(x) | 0;
    };
    this.s0 = step();
    this.s1 = step();
    this.s2 = step();
    this.s3 = step();
  }

  /**
   * The generator of one named part of the simulation (a persona, a key, a benchmark). Deriving
   * by name keeps each part's stream fixed when other parts are added or changed.
   */
  static derive(seed: number, ...labels: (string | number)[]): Rng {
    let h = combine32(fmix32(seed >>> 0), fmix32(Math.floor(seed / TWO_POW_32) >>> 0));
    for (const l of labels) h = combine32(h, typeof l === 'number' ? fmix32(l >>> 0) : hash32(l));
    return new Rng(h);
  }

  /** An independent generator seeded from this one, for a lazily consumed sub-stream. */
  fork(): Rng {
    return new Rng(this.uint32());
  }

  uint32(): number {
    const result = imul(rotl(imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform real in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight from `[item, weight]` pairs. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return entries[entries.length - 1][0];
  }

  /** Standard normal (Box-Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median; sigma is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Geometric count >= 1 with the given mean (a turn count, a burst length). */
  geometric(mean: number): number {
    if (mean <= 1) return 1;
    const p = 1 / mean;
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** `k` distinct items in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.min(k, items.length));
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += this.uint32().toString(16).padStart(8, '0');
    return s.slice(0, length);
  }
}
