import { bandOf, bandWithHysteresis, DEFAULT_BAND_OPTIONS } from '../../detectors/scoring/bands';

describe('severity bands', () => {
  const t = DEFAULT_BAND_OPTIONS.thresholds;
  const h = DEFAULT_BAND_OPTIONS.hysteresis;

  it('maps scores to bands by their lower thresholds', () => {
    expect(bandOf(t.low - 0.001)).toBeNull();
    expect(bandOf(t.low)).toBe('low');
    expect(bandOf(t.medium)).toBe('medium');
    expect(bandOf(t.high + 0.01)).toBe('high');
    expect(bandOf(1)).toBe('critical');
  });

  it('escalates at the plain threshold', () => {
    expect(bandWithHysteresis(t.high, 'medium')).toBe('high');
    expect(bandWithHysteresis(t.critical, null)).toBe('critical');
  });

  it('keeps the current band until the score falls the hysteresis margin below it', () => {
    expect(bandWithHysteresis(t.high - h / 2, 'high')).toBe('high');
    expect(bandWithHysteresis(t.high - h - 0.001, 'high')).toBe('medium');
    expect(bandWithHysteresis(t.low - h / 2, 'low')).toBe('low');
    expect(bandWithHysteresis(t.low - h - 0.001, 'low')).toBeNull();
  });

  it('drops several bands at once when the score collapses', () => {
    expect(bandWithHysteresis(0.05, 'critical')).toBeNull();
    expect(bandWithHysteresis(t.medium, 'critical')).toBe('medium');
  });
});
