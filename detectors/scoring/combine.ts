import type { DetectorName, Signal } from '../../schemas/signal';
import { grade, noisyOr } from '../grade';
import type { Span } from '../grade';

/**
 * Signals are grouped into families that answer different questions about a key. Distillation
 * shows in several at once; each benign look-alike shows in one (a batch pipeline is automated
 * and templated, an evaluation run is broad, a developer is heavy), so the combined score needs
 * corroboration across families before it may reach the alerting bands that matter.
 */
export const FAMILIES = {
  /** Is the key after the model's answers themselves: reasoning traces, long outputs, logprobs, samples? */
  extraction: ['elicitation', 'harvesting'],
  /** Does it sweep a space systematically rather than pursue an interest? */
  breadth: ['coverage', 'diversity'],
  /** Is a machine driving it, harder than its own history and its account explain? */
  automation: ['volume', 'timing'],
  /** Is it filling templates? Supporting evidence only: legitimate pipelines template too. */
  structure: ['templating'],
} as const satisfies Record<string, readonly DetectorName[]>;
export type Family = keyof typeof FAMILIES;

export interface ScoringOptions {
  /** Weight of each family in the noisy-OR (how far a family alone can move the score). */
  weights: Record<Family, number>;
  /**
   * How much each family counts as corroboration. Automation counts for less: most automated
   * traffic is legitimate.
   */
  corroborationWeights: Record<Family, number>;
  /**
   * Structure corroborates only above one fixed template (many templates, enumerated fills):
   * the part of the templating score inside this span counts.
   */
  structureCorroboration: Span;
  /** The second-strongest piece of corroboration, from "none" to "full". */
  corroboration: Span;
  /** Above this, a score keeps only the share of its excess that corroboration allows. */
  uncorroboratedCap: number;
  /**
   * Mean completion tokens from which breadth counts as corroboration. A sweep harvests what
   * the answers carry: an evaluation run scoring one-token answers, or a classifier pipeline, is
   * broad without taking anything a student model could learn from.
   */
  substantiveAnswers: Span;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  weights: { extraction: 0.85, breadth: 0.7, automation: 0.55, structure: 0.3 },
  corroborationWeights: { extraction: 1, breadth: 1, automation: 0.75, structure: 1 },
  structureCorroboration: [0.6, 1],
  corroboration: [0.25, 0.5],
  uncorroboratedCap: 0.45,
  substantiveAnswers: [16, 64],
};

/** Figures of the key itself, beside its signals. */
export interface KeyFacts {
  meanCompletionTokens: number;
}

export interface CombinedScore {
  score: number;
  families: Record<Family, number>;
  /** 0..1: how far independent evidence backs the strongest family. */
  corroboration: number;
}

const FAMILY_NAMES = Object.keys(FAMILIES) as Family[];

/**
 * Combines detector signals into one key risk score in [0, 1]:
 * 1. detectors within a family by noisy-OR; families by a weighted noisy-OR (the raw score);
 * 2. corroboration is the second-strongest of the weighted family values, where structure counts
 *    only beyond one fixed template, and the extraction and breadth families each count a second
 *    time with the weaker of their two detectors (asking for reasoning and harvesting the answers
 *    are independent evidence of one intent; so are a distinct one-shot stream and an even sweep
 *    of capability areas), and breadth counts only as far as the answers have substance;
 * 3. the part of the raw score above `uncorroboratedCap` is kept in proportion to corroboration,
 *    so one family alone, however strong, stays below the alerting bands that matter, and the
 *    score moves smoothly rather than jumping when a second family appears.
 */
export function combineSignals(
  signals: readonly Signal[],
  facts: KeyFacts,
  o: ScoringOptions = DEFAULT_SCORING_OPTIONS,
): CombinedScore {
  // A scan, not a map: a handful of signals, and this runs on every assessment. The last signal of
  // a detector wins, as a map built from the list would have it.
  const of = (d: DetectorName): number => {
    for (let k = signals.length - 1; k >= 0; k--) if (signals[k].detector === d) return signals[k].score ?? 0;
    return 0;
  };
  const families = {} as Record<Family, number>;
  for (const f of FAMILY_NAMES) families[f] = noisyOr(FAMILIES[f].map(of));

  const w = o.corroborationWeights;
  const substance = grade(facts.meanCompletionTokens, o.substantiveAnswers);
  const units = [
    w.extraction * families.extraction,
    w.breadth * substance * families.breadth,
    w.automation * families.automation,
    w.structure * grade(families.structure, o.structureCorroboration),
    w.extraction * Math.min(of('elicitation'), of('harvesting')),
    w.breadth * substance * Math.min(of('coverage'), of('diversity')),
  ];
  units.sort((a, b) => b - a);
  const corroboration = grade(units[1], o.corroboration);

  const raw = noisyOr(FAMILY_NAMES.map((f) => o.weights[f] * families[f]));
  const score = capUncorroborated(raw, corroboration, o.uncorroboratedCap);
  return { score: round4(score), families, corroboration: round4(corroboration) };
}

/** Keeps the part of `raw` above `cap` only in proportion to `corroboration` (0..1). */
export function capUncorroborated(raw: number, corroboration: number, cap: number): number {
  return raw > cap ? cap + (raw - cap) * corroboration : raw;
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
