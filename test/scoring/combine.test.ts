import type { DetectorName, Signal } from '../../schemas/signal';
import type { KeyFacts } from '../../detectors/scoring/combine';
import { combineSignals as combineWith, DEFAULT_SCORING_OPTIONS } from '../../detectors/scoring/combine';

const LONG_ANSWERS: KeyFacts = { meanCompletionTokens: 800 };
const combineSignals = (signals: Signal[], facts: KeyFacts = LONG_ANSWERS) => combineWith(signals, facts);

const sig = (detector: DetectorName, score: number): Signal => ({ detector, score, summary: '', evidence: {} });
const cap = DEFAULT_SCORING_OPTIONS.uncorroboratedCap;

describe('combineSignals', () => {
  it('is zero without signals', () => {
    expect(combineSignals([]).score).toBe(0);
  });

  it('caps a key seen by one family only, however strong', () => {
    expect(combineSignals([sig('volume', 1), sig('timing', 1)]).score).toBe(cap);
    expect(combineSignals([sig('coverage', 1)]).score).toBe(cap);
  });

  it('does not count one fixed template as corroboration, but many templates', () => {
    const oneTemplate = combineSignals([sig('volume', 0.9), sig('timing', 0.9), sig('templating', 0.55)]);
    expect(oneTemplate.corroboration).toBe(0);
    expect(oneTemplate.score).toBe(cap);
    const sweep = combineSignals([sig('elicitation', 0.9), sig('templating', 1)]);
    expect(sweep.corroboration).toBe(1);
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

  it('counts a distinct one-shot stream and an even sweep of areas as two pieces of evidence', () => {
    expect(combineSignals([sig('coverage', 0.9), sig('diversity', 0.1)]).score).toBe(cap);
    expect(combineSignals([sig('coverage', 0.8), sig('diversity', 0.8)]).score).toBeGreaterThan(0.6);
  });

  it('does not count breadth as corroboration when the answers carry nothing (an evaluation run)', () => {
    const signals = [sig('coverage', 0.8), sig('diversity', 0.9), sig('timing', 0.4)];
    expect(combineSignals(signals, { meanCompletionTokens: 3 }).score).toBe(cap);
    expect(combineSignals(signals).score).toBeGreaterThan(0.6);
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

describe('combineSignals with a detector listed twice', () => {
  it('takes its last signal, as before', () => {
    const twice = [sig('elicitation', 0.2), sig('harvesting', 0.7), sig('elicitation', 0.9), sig('coverage', 0.5)];
    const last = [sig('harvesting', 0.7), sig('elicitation', 0.9), sig('coverage', 0.5)];
    expect(combineSignals(twice)).toEqual(combineSignals(last));
  });
});
