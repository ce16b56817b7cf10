// Bound once, as in hash.ts.
const { imul } = Math;
/**
 * Folds a well-mixed 32-bit hash (a word's, a phrase prefix's) into an order-sensitive running
 * hash: one multiply where combine32 costs a full finaliser, which matters once per word. The
 * rotation carries high bits down so they reach the low bits later steps and table slots use.
 * Finalise with fmix32 before comparing hashes from different sources.
 */
export function step(acc: number, h: number): number {
  return imul(((acc << 5) | (acc >>> 27)) ^ h, 0x9e3779b1);
}
