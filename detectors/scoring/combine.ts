import type { DetectorName, Signal } from '../../schemas/signal';
import { noisyOr } from '../grade';

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
  /** A family counts as corroborating when its value reaches this. */
  corroborationLevel: number;
  /** How many corroborating families (structure excluded) a score above `uncorroboratedCap` needs. */
  corroborationNeeded: number;
  /** The highest score a key gets without enough corroboration. */
  uncorroboratedCap: number;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  weights: { extraction: 0.85, breadth: 0.7, automation: 0.55, structure: 0.3 },
  corroborationLevel: 0.4,
  corroborationNeeded: 2,
  uncorroboratedCap: 0.45,
};

export interface CombinedScore {
  score: number;
  families: Record<Family, number>;
  /** Families at or above the corroboration level, structure excluded. */
  corroborating: Family[];
}

/**
 * Combines detector signals into one key risk score in [0, 1]: detectors within a family by
 * noisy-OR, families by a weighted noisy-OR, then capped below the alerting bands unless at least
 * `corroborationNeeded` independent families agree.
 */
export function combineSignals(signals: readonly Signal[], o: ScoringOptions = DEFAULT_SCORING_OPTIONS): CombinedScore {
  const byDetector = new Map(signals.map((s) => [s.detector, s.score]));
  const families = {} as Record<Family, number>;
  for (const family of Object.keys(FAMILIES) as Family[]) {
    families[family] = noisyOr(FAMILIES[family].map((d) => byDetector.get(d) ?? 0));
  }
  const corroborating = (Object.keys(families) as Family[]).filter(
    (f) => f !== 'structure' && families[f] >= o.corroborationLevel,
  );
  let score = noisyOr((Object.keys(families) as Family[]).map((f) => o.weights[f] * families[f]));
  if (corroborating.length < o.corroborationNeeded) score = Math.min(score, o.uncorroboratedCap);
  return { score: round4(score), families, corroborating };
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
