import { fmix32, hash32 } from '../../../detectors/hash';
import { MINHASH_SIZE, MinHashBuilder, minHashSimilarity, shingleHash } from '../../../detectors/sketch/minhash';

/** The MinHash as first defined: a loop over per-position seeds. Stored state depends on these values. */
function reference(hashes: number[]): number[] {
  const mins = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  for (const h of hashes) {
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const seed = fmix32(Math.imul(0x9e3779b9, i + 1));
      let v = h ^ seed;
      v = Math.imul(v ^ (v >>> 16), (seed | 1) >>> 0) >>> 0;
      if (v < mins[i]) mins[i] = v;
    }
  }
  return mins;
}

describe('MinHashBuilder', () => {
  const shingles = (words: string[]) => words.map((w, i) => shingleHash(i ? hash32(words[i - 1]) : 0, hash32(w)));

  it('gives the values of the reference definition', () => {
    const b = new MinHashBuilder();
    const hs = shingles('explain how a neural network learns from data'.split(' '));
    for (const h of hs) b.add(h);
    expect(b.values()).toEqual(reference(hs));
  });

  it('starts empty after reset, and hands out a fresh array each time', () => {
    const b = new MinHashBuilder();
    b.add(hash32('x'));
    const first = b.values();
    b.reset();
    expect(b.values()).toEqual(reference([]));
    expect(first).toEqual(reference([hash32('x')]));
    expect(minHashSimilarity(b.values(), b.values())).toBe(0); // empty positions never agree
  });

  it('takes int32 and uint32 forms of a hash alike', () => {
    const a = new MinHashBuilder();
    const b = new MinHashBuilder();
    for (const w of ['alpha', 'beta', 'gamma']) {
      a.add(hash32(w));
      b.add(hash32(w) | 0);
    }
    expect(a.values()).toEqual(b.values());
  });
});

describe('shingleHash', () => {
  it('reads only the low 32 bits of its token', () => {
    const t = hash32('token');
    expect(shingleHash(7, t | 0)).toBe(shingleHash(7, t));
  });
});
