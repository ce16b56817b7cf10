import { topAreas } from '../../detectors/areas';
import { TOPIC_NAMES } from '../../detectors/features/text';
import { count, percent } from '../../detectors/format';
import { grade, gradeLog } from '../../detectors/grade';
import { rng } from './traffic';

describe('figures written on every assessment', () => {
  it('groups thousands by hand exactly as the pattern does', () => {
    const pattern = (x: number) => Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const r = rng(5);
    const xs = [0, -0.4, 1, -1, 999, 1000, -1000, 999.5, -999.5, 123456, 1e21, -1e22, NaN, Infinity, -Infinity, 2 ** 53];
    for (let i = 0; i < 5000; i++) xs.push((r() - 0.5) * 10 ** Math.floor(r() * 24));
    for (const x of xs) expect(count(x)).toBe(pattern(x));
  });

  it('grades on a log scale exactly as grade over the logs', () => {
    const r = rng(9);
    for (let i = 0; i < 2000; i++) {
      const x = r() < 0.05 ? 0 : 10 ** (r() * 6 - 1);
      const span = [1 + r() * 10, 20 + r() * 1000] as const;
      expect(gradeLog(x, span)).toBe(grade(Math.log(x), [Math.log(span[0]), Math.log(span[1])]));
    }
    expect(gradeLog(NaN, [1, 10])).toBe(0);
  });

  it('names the largest areas, most hits first and ties in area order', () => {
    const sorted = (hist: number[], n = 3) => {
      const total = hist.reduce((a, b) => a + b, 0);
      if (total === 0) return '';
      return hist
        .map((c, i) => ({ c, i }))
        .filter((x) => x.c > 0)
        .sort((a, b) => b.c - a.c || a.i - b.i)
        .slice(0, n)
        .map((x) => `${TOPIC_NAMES[x.i]} ${percent(x.c / total)}`)
        .join(', ');
    };
    const r = rng(11);
    for (let t = 0; t < 2000; t++) {
      const hist = TOPIC_NAMES.map(() => (r() < 0.5 ? 0 : Math.floor(r() * 4)));
      for (const n of [1, 3, 5]) expect(topAreas(hist, n)).toBe(sorted(hist, n));
    }
    expect(topAreas(TOPIC_NAMES.map(() => 0))).toBe('');
  });
});
