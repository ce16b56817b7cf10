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
    // The weight is a function of the bucket's size: computed once per size (most values are one key's).
    const bySize: number[] = [];
    for (const b of buckets.values()) {
      const n = b.keys.length;
      let w = bySize[n];
      if (w === undefined) bySize[n] = w = rarity(n, spans[a]);
      b.weight = w;
    }
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
  // Indexed by key (keys are batch indices): visiting in index order needs no sort of the keys.
  const partners: (number[] | undefined)[] = [];
  for (const a of ATTRIBUTE_NAMES) {
    for (const { keys: bucket, weight } of index[a].values()) {
      if (bucket.length < 2 || weight === 0) continue;
      for (let x = 0; x < bucket.length - 1; x++) {
        let list = partners[bucket[x]];
        if (!list) partners[bucket[x]] = list = [];
        const last = Math.min(bucket.length - 1, x + neighbours);
        for (let y = x + 1; y <= last; y++) list.push(bucket[y]);
      }
    }
  }
  // Keys sharing several values meet in several buckets; each pair is judged once, in key order.
  let scratch = new Int32Array(64);
  for (let i = 0; i < partners.length; i++) {
    const list = partners[i];
    if (!list) continue;
    if (list.length === 1) {
      visit(i, list[0]);
      continue;
    }
    // A typed array sorts numerically without a comparator call per comparison; one buffer serves
    // every key.
    if (scratch.length < list.length) scratch = new Int32Array(Math.max(list.length, 2 * scratch.length));
    const sorted = scratch.subarray(0, list.length);
    sorted.set(list);
    sorted.sort();
    partners[i] = undefined;
    for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) visit(i, sorted[k]);
  }
}
