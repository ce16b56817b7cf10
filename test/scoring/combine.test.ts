import type { DetectorName, Signal } from '../../schemas/signal';
import { combineSignals, DEFAULT_SCORING_OPTIONS } from '../../detectors/scoring/combine';

const sig = (detector: DetectorName, score: number): Signal => ({ detector, score, summary: '', evidence: {} });
const cap = DEFAULT_SCORING_OPTIONS.uncorroboratedCap;

describe('combineSignals', () => {
  it('is zero without signals', () => {
    expect(combineSignals([]).score).toBe(0);
  });

  it('caps a key seen by one family only, however strong', () => {
    expect(combineSignals([sig('volume', 1), sig('timing', 1)]).score).toBe(cap);
    expect(combineSignals([sig('coverage', 1), sig('diversity', 1)]).score).toBe(cap);
  });

  it('does not count templating as corroboration', () => {
    const r = combineSignals([sig('volume', 0.9), sig('timing', 0.9), sig('templating', 1)]);
    expect(r.corroboration).toBe(0);
    expect(r.score).toBe(cap);
  });

  it('rises above the cap when independent families agree', () => {
    const r = combineSignals([sig('elicitation', 0.8), sig('coverage', 0.7)]);
    expect(r.corroboration).toBe(1);
    expect(r.score).toBeGreaterThan(0.8);
  });

  it('counts asking for reasoning and harvesting answers as two pieces of evidence', () => {
    expect(combineSignals([sig('elicitation', 1)]).score).toBe(cap);
    expect(combineSignals([sig('elicitation', 1), sig('harvesting', 0.8)]).score).toBeGreaterThan(0.8);
  });

  it('counts automation as weaker corroboration than content', () => {
    const withBreadth = combineSignals([sig('elicitation', 0.8), sig('diversity', 0.4)]).score;
    const withAutomation = combineSignals([sig('elicitation', 0.8), sig('timing', 0.4)]).score;
    expect(withAutomation).toBeLessThan(withBreadth);
  });

  it('moves smoothly as corroboration grows', () => {
    let last = combineSignals([sig('elicitation', 0.9)]).score;
    for (let x = 0.05; x <= 1.0001; x += 0.05) {
      const s = combineSignals([sig('elicitation', 0.9), sig('coverage', x)]).score;
      expect(s).toBeGreaterThanOrEqual(last);
      expect(s - last).toBeLessThan(0.12);
      last = s;
    }
  });

  it('is monotone in every signal', () => {
    const base = [sig('elicitation', 0.5), sig('coverage', 0.5), sig('volume', 0.3)];
    const before = combineSignals(base).score;
    for (const d of ['elicitation', 'coverage', 'volume', 'timing', 'templating', 'harvesting', 'diversity'] as DetectorName[]) {
      const more = base.filter((s) => s.detector !== d).concat(sig(d, 0.9));
      expect(combineSignals(more).score).toBeGreaterThanOrEqual(before);
    }
  });
});
