import { count, fixed, percent, round } from '../../detectors/format';
import { grade, gradeLog, noisyOr } from '../../detectors/grade';

describe('grading figures', () => {
  it('grades linearly and clamps, either way round', () => {
    expect(grade(5, [0, 10])).toBe(0.5);
    expect(grade(-1, [0, 10])).toBe(0);
    expect(grade(11, [0, 10])).toBe(1);
    expect(grade(5, [8, 2])).toBe(0.5);
    expect(grade(NaN, [0, 10])).toBe(0);
  });

  it('grades orders of magnitude on a log scale', () => {
    expect(gradeLog(100, [10, 1000])).toBeCloseTo(0.5);
    expect(gradeLog(0, [10, 1000])).toBe(0);
  });

  it('combines evidence by noisy-OR', () => {
    expect(noisyOr([0.5, 0.5])).toBe(0.75);
    expect(noisyOr([])).toBe(0);
  });
});

describe('formatting figures', () => {
  it('writes counts, shares and decimals plainly', () => {
    expect(count(1234567.4)).toBe('1,234,567');
    expect(count(999)).toBe('999');
    expect(percent(0.623)).toBe('62%');
    expect(fixed(0.0612, 2)).toBe('0.06');
    expect(round(1 / 3)).toBe(0.333);
  });
});
