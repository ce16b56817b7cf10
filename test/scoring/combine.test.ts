import type { DetectorName, Signal } from '../../schemas/signal';
import { combineSignals, DEFAULT_SCORING_OPTIONS } from '../../detectors/scoring/combine';

const sig = (detector: DetectorName, score: number): Signal => ({ detector, score, summary: '', evidence: {} });

describe('combineSignals', () => {
  it('is zero without signals', () => {
    expect(combineSignals([]).score).toBe(0);
  });

  it('caps a key seen by one family only, however strong', () => {
    const r = combineSignals([sig('volume', 1), sig('timing', 1), sig('templating', 1)]);
    expect(r.corroborating).toEqual(['automation']);
    expect(r.score).toBe(DEFAULT_SCORING_OPTIONS.uncorroboratedCap);
  });

  it('does not count templating as corroboration', () => {
    const r = combineSignals([sig('volume', 0.9), sig('templating', 0.95)]);
    expect(r.corroborating).toEqual(['automation']);
    expect(r.score).toBeLessThanOrEqual(DEFAULT_SCORING_OPTIONS.uncorroboratedCap);
  });

  it('rises above the cap when independent families agree', () => {
    const r = combineSignals([sig('elicitation', 0.8), sig('coverage', 0.7)]);
    expect(r.corroborating.sort()).toEqual(['breadth', 'extraction']);
    expect(r.score).toBeGreaterThan(0.8);
  });

  it('is monotone in every signal', () => {
    const base = [sig('elicitation', 0.5), sig('coverage', 0.5), sig('volume', 0.3)];
    const before = combineSignals(base).score;
    for (const d of ['elicitation', 'coverage', 'volume', 'timing', 'templating'] as DetectorName[]) {
      const more = base.filter((s) => s.detector !== d).concat(sig(d, 0.9));
      expect(combineSignals(more).score).toBeGreaterThanOrEqual(before);
    }
  });
});
