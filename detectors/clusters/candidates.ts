import type { KeyLinkFeatures } from '../../schemas/links';
import type { Span } from '../grade';
import type { Attribute, Weight } from './attributes';
import { ATTRIBUTE_NAMES, ATTRIBUTES, rarity } from './attributes';

/** The keys (indices into the batch, ascending) that share one value, and what it is worth. */
interface Bucket {
  keys: number[];
  weight: number;
}

/** Per attribute, the bucket of each value: its size is the value's document frequency. */
export type AttributeIndex = Record<Attribute, Map<number, Bucket>>;

export function buildIndex(keys: readonly KeyLinkFeatures[], spans: Record<Attribute, Span>): AttributeIndex {
  const index = {} as AttributeIndex;
  for (const a of ATTRIBUTE_NAMES) {
    const buckets = new Map<number, Bucket>();
    for (let i = 0; i < keys.length; i++) {
      for (const v of keys[i][ATTRIBUTES[a]]) {
        const bucket = buckets.get(v);
        if (bucket) bucket.keys.push(i);
        else buckets.set(v, { keys: [i], weight: 0 });
      }
    }
    for (const b of buckets.values()) b.weight = rarity(b.keys.length, spans[a]);
    index[a] = buckets;
  }
  return index;
}

/** The weight of a value of the batch. */
export function weightIn(index: AttributeIndex): Weight {
  return (a, v) => index[a].get(v)?.weight ?? 1;
}

/**
 * Visits candidate pairs (i < j), each once: keys that share a value that is not common. Inside a
 * bucket each key is paired with the next `neighbours` keys only, so pairs grow linearly with keys
 * however large a bucket is; a coordinated group stays connected through that chain, and each pair
 * is then judged on all the evidence between its two keys.
 */
export function forEachCandidate(index: AttributeIndex, neighbours: number, visit: (i: number, j: number) => void): void {
  const partners = new Map<number, number[]>();
  for (const a of ATTRIBUTE_NAMES) {
    for (const { keys: bucket, weight } of index[a].values()) {
      if (bucket.length < 2 || weight === 0) continue;
      for (let x = 0; x < bucket.length - 1; x++) {
        let list = partners.get(bucket[x]);
        if (!list) partners.set(bucket[x], (list = []));
        for (let y = x + 1; y <= Math.min(bucket.length - 1, x + neighbours); y++) list.push(bucket[y]);
      }
    }
  }
  // Keys sharing several values meet in several buckets; each pair is judged once, in key order.
  for (const i of [...partners.keys()].sort((a, b) => a - b)) {
    const list = partners.get(i)!.sort((a, b) => a - b);
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) visit(i, list[k]);
  }
}
