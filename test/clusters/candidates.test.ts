import { buildIndex, forEachCandidate } from '../../detectors/clusters/candidates';
import { DEFAULT_LINK_OPTIONS } from '../../detectors/clusters/evidence';
import { key, values } from './features';

const NEIGHBOURS = 4;

function pairs(keys: ReturnType<typeof key>[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachCandidate(buildIndex(keys, DEFAULT_LINK_OPTIONS.rarity), NEIGHBOURS, (i, j) => out.push([i, j]));
  return out;
}

describe('candidate pairs', () => {
  it('pairs keys that share a value, and only those', () => {
    const [ip] = values('shared ip', 1);
    const keys = [key('a', { ips: [ip] }), key('b'), key('c', { ips: [ip] })];
    expect(pairs(keys)).toEqual([[0, 2]]);
  });

  it('pairs each key with a bounded number of neighbours in a bucket, once, so pairs grow linearly', () => {
    const wording = values('script', 2);
    const keys = Array.from({ length: 100 }, (_, i) => key(`k${i}`, { wording }));
    // Two buckets of the same 100 keys: each key with its next 4, and each pair once.
    expect(pairs(keys)).toHaveLength(96 * 4 + 3 + 2 + 1);
    expect(new Set(pairs(keys).map(([i, j]) => `${i} ${j}`)).size).toBe(390);
  });

  it('proposes nothing from a bucket so large that the value is common', () => {
    const [nat] = values('nat', 1);
    const keys = Array.from({ length: 80 }, (_, i) => key(`k${i}`, { ips: [nat] }));
    expect(pairs(keys)).toEqual([]);
  });
});
