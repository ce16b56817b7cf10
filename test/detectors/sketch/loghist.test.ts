import { addLog, newLogHistogram, quantileLog } from '../../../detectors/sketch/loghist';
import { expo, rng } from '../traffic';

describe('log histogram', () => {
  it('places quantiles within a bin of the truth', () => {
    const h = newLogHistogram(4, 1 << 20);
    const r = rng(1);
    for (let i = 0; i < 20_000; i++) addLog(h, expo(r, 1000));
    // Exponential with mean 1000: median 693, quartiles 288 and 1386.
    expect(quantileLog(h, 0.5)).toBeGreaterThan(693 / 1.19);
    expect(quantileLog(h, 0.5)).toBeLessThan(693 * 1.19);
    expect(quantileLog(h, 0.25)).toBeGreaterThan(288 / 1.19);
    expect(quantileLog(h, 0.75)).toBeLessThan(1386 * 1.19);
  });

  it('halves at its cap and follows the recent values', () => {
    const h = newLogHistogram(4, 1000);
    for (let i = 0; i < 5000; i++) addLog(h, 10);
    for (let i = 0; i < 5000; i++) addLog(h, 10_000);
    expect(h.total).toBeLessThan(1000);
    expect(quantileLog(h, 0.5)).toBeGreaterThan(8000);
    expect(Object.keys(h.bins).length).toBe(1);
  });

  it('keeps values below 1 in bin 0 and answers NaN when empty', () => {
    const h = newLogHistogram(4, 100);
    expect(quantileLog(h, 0.5)).toBeNaN();
    addLog(h, 0);
    expect(quantileLog(h, 0.5)).toBeLessThan(1);
  });
});
