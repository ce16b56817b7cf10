/**
 * Space-saving top-k (Metwally, Agrawal, El Abbadi 2005): the heavy hitters among 32-bit keys in
 * `k` counters. A key not tracked takes over the smallest counter and inherits its count as an
 * error bound, so `counts[i] - errors[i] <= true count <= counts[i]`, and any key with more than
 * total/k sightings is tracked. Each entry carries a payload the caller keeps per key (reset when
 * the entry changes hands). Plain JSON data when the payloads are.
 */
export interface TopK<P> {
  k: number;
  keys: number[];
  counts: number[];
  errors: number[];
  payloads: P[];
}

export function newTopK<P>(k: number): TopK<P> {
  return { k, keys: [], counts: [], errors: [], payloads: [] };
}

/** Counts one sighting of `key`; returns its entry's index. `fresh` makes a new entry's payload. */
export function addTopK<P>(s: TopK<P>, key: number, fresh: () => P): number {
  const i = s.keys.indexOf(key);
  if (i >= 0) {
    s.counts[i]++;
    return i;
  }
  if (s.keys.length < s.k) {
    s.keys.push(key);
    s.counts.push(1);
    s.errors.push(0);
    s.payloads.push(fresh());
    return s.keys.length - 1;
  }
  let min = 0;
  for (let j = 1; j < s.counts.length; j++) if (s.counts[j] < s.counts[min]) min = j;
  s.keys[min] = key;
  s.errors[min] = s.counts[min];
  s.counts[min]++;
  s.payloads[min] = fresh();
  return min;
}
