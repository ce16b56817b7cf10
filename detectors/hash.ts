// Bound once: a global lookup per call is slow inside vm contexts such as jest's test sandbox.
const { imul } = Math;

/**
 * 32-bit FNV-1a over UTF-16 code units, then a murmur3 finaliser so that nearby strings spread over
 * all bits. Deterministic across runs and machines, which detector state and replays rely on.
 */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Murmur3's finaliser: mixes a 32-bit integer into a well-spread one. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two 32-bit hashes into one (order matters). */
export function combine32(a: number, b: number): number {
  return fmix32((imul(a, 31) + b) >>> 0);
}
