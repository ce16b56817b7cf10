import { addLog, newLogHistogram, quantileLog, quantilesLog } from '../../../detectors/sketch/loghist';
import { expo, rng } from '../traffic';

describe('log histogram quantiles in one pass', () => {
  it('equals quantileLog at each quantile, exactly', () => {
    const r = rng(7);
    for (const n of [0, 1, 3, 50, 5000]) {
      const h = newLogHistogram(4, 2048);
      for (let i = 0; i < n; i++) addLog(h, i % 7 === 0 ? 0.5 : expo(r, 1000));
      const qs = [0, 0.1, 0.25, 0.5, 0.75, 0.99, 1];
      expect(quantilesLog(h, qs)).toEqual(qs.map((q) => quantileLog(h, q)));
    }
  });
});
