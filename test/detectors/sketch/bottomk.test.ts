import { hash32 } from '../../../detectors/hash';
import { addCounted, newCountedSample } from '../../../detectors/sketch/bottomk';
import { estimateDistinct } from '../../../detectors/sketch/distinct';

describe('counted bottom-k sample', () => {
  it('counts each sampled value exactly, in any order of arrival', () => {
    const s = newCountedSample(32);
    for (let pass = 0; pass < 5; pass++) for (let i = 0; i < 1000; i++) addCounted(s, hash32(`p${i}`), pass + 1);
    expect(s.mins.length).toBe(32);
    expect(s.counts.every((c) => c === 15)).toBe(true);
    expect(estimateDistinct(s)).toBeGreaterThan(700);
    expect(estimateDistinct(s)).toBeLessThan(1400);
  });

  it('is exact while it holds fewer than k values', () => {
    const s = newCountedSample(32);
    for (const p of ['a', 'b', 'a', 'c', 'a']) addCounted(s, hash32(p), 1);
    expect(estimateDistinct(s)).toBe(3);
    expect([...s.counts].sort()).toEqual([1, 1, 3]);
  });
});
