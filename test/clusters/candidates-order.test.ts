import type { AttributeIndex } from '../../detectors/clusters/candidates';
import { buildIndex, forEachCandidate } from '../../detectors/clusters/candidates';
import { ATTRIBUTE_NAMES, rarity } from '../../detectors/clusters/attributes';
import { DEFAULT_LINK_OPTIONS } from '../../detectors/clusters/evidence';
import { key, values } from './features';

/** The visiting order of the map-and-sort implementation it replaced. */
function reference(index: AttributeIndex, neighbours: number): Array<[number, number]> {
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
  const out: Array<[number, number]> = [];
  for (const i of [...partners.keys()].sort((a, b) => a - b)) {
    const list = partners.get(i)!.sort((a, b) => a - b);
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) out.push([i, list[k]]);
  }
  return out;
}

describe('candidate pairs, order', () => {
  it('visits the same pairs in the same order as sorting every list, with buckets of all sizes', () => {
    const ips = values('ip', 40);
    const agents = values('ua', 5);
    const wording = values('wording', 30);
    let s = 1;
    const pick = (xs: number[]) => xs[(s = (s * 48271) % 2147483647) % xs.length];
    const keys = Array.from({ length: 1200 }, (_, i) =>
      key(`k${i}`, {
        ips: [pick(ips)],
        user_agents: [pick(agents)],
        wording: [...new Set([pick(wording), pick(wording)])].sort((a, b) => a - b),
      }),
    );
    const index = buildIndex(keys, DEFAULT_LINK_OPTIONS.rarity);
    for (const n of [1, 6, 40]) {
      const out: Array<[number, number]> = [];
      forEachCandidate(index, n, (i, j) => out.push([i, j]));
      expect(out).toEqual(reference(index, n));
    }
  });

  it('weighs each bucket by its size', () => {
    const keys = Array.from({ length: 300 }, (_, i) => key(`k${i}`, { ips: values(`ip ${i % 37}`, 1) }));
    const index = buildIndex(keys, DEFAULT_LINK_OPTIONS.rarity);
    for (const b of index.ip.values()) expect(b.weight).toBe(rarity(b.keys.length, DEFAULT_LINK_OPTIONS.rarity.ip));
  });
});
