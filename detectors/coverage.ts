import type { Signal } from '../schemas/signal';
import { addAreas, AREA_COUNT, evenness, newAreaHistogram, topAreas } from './areas';
import { hasPrompt, STRUCTURE } from './features/text';
import { count, fixed, percent, round } from './format';
import type { Span } from './grade';
import { grade, gradeLog } from './grade';
import { distinctShare } from './distinctness';
import type { CountedSample } from './sketch/bottomk';
import { addCounted, newCountedSample } from './sketch/bottomk';
import type { AssessContext, Detector } from './types';

export interface CoverageOptions {
  /** Prompts with a capability area a key needs before it is judged, and where evidence counts fully. */
  minTopical: number;
  fullTopical: number;
  /** Prompts an area needs to count as covered. */
  minAreaPrompts: number;
  /** An area first reached after this share of the key's prompts was reached late (steady growth). */
  lateAfter: number;
  /** Entropy of the area histogram over the log of all areas (1: even over every area). */
  evenness: Span;
  /** Share of covered areas reached late. */
  late: Span;
  /** Share of prompts in benchmark form (option list, enumeration marker, "Answer:" slot). */
  benchmark: Span;
  /** Score of an even spread alone; late growth or benchmark form raise it towards 1. */
  spreadScore: number;
  /** Prompts sampled (bottom-k by hash, with counts) to measure the share of repeats. */
  samplePrompts: number;
}

export const DEFAULT_COVERAGE_OPTIONS: CoverageOptions = {
  minTopical: 50,
  fullTopical: 2000,
  minAreaPrompts: 3,
  lateAfter: 0.1,
  evenness: [0.65, 0.92],
  late: [0.2, 0.6],
  benchmark: [0.1, 0.6],
  spreadScore: 0.6,
  samplePrompts: 64,
};

const BENCHMARK_FORM = STRUCTURE.multipleChoice | STRUCTURE.enumerated | STRUCTURE.answerSlot;
const HOUR_MS = 3_600_000;

export interface CoverageState {
  prompts: number;
  topical: number;
  areas: number[];
  /** Per area, the prompt count at which the key first reached it; -1 if never. */
  firstAt: number[];
  /** Prompts in benchmark form, and with option lists among them. */
  benchmark: number;
  multipleChoice: number;
  sample: CountedSample;
}

/**
 * How systematically a key sweeps the space of capabilities: an even spread over many areas,
 * areas still being added late in the key's life (a sweep, not one afternoon of curiosity), and
 * benchmark-style question sets. An evaluation run looks the same; its short duration and repeats
 * are in the evidence for the combined score to weigh.
 */
export function createCoverageDetector(options: Partial<CoverageOptions> = {}): Detector<CoverageState> {
  const o: CoverageOptions = { ...DEFAULT_COVERAGE_OPTIONS, ...options };

  return {
    name: 'coverage',

    init: () => ({
      prompts: 0,
      topical: 0,
      areas: newAreaHistogram(),
      firstAt: new Array<number>(AREA_COUNT).fill(-1),
      benchmark: 0,
      multipleChoice: 0,
      sample: newCountedSample(o.samplePrompts),
    }),

    observe(s, ev) {
      if (!hasPrompt(ev.text)) return;
      const t = ev.text;
      s.prompts++;
      addCounted(s.sample, t.promptHash, 1);
      if (t.structure & BENCHMARK_FORM) s.benchmark++;
      if (t.structure & STRUCTURE.multipleChoice) s.multipleChoice++;
      if (!t.topics) return;
      s.topical++;
      addAreas(s.areas, t.topics, s.firstAt, s.prompts);
    },

    assess(s, ctx: AssessContext): Signal | null {
      if (s.topical < o.minTopical) return null;
      const even = evenness(s.areas);
      const minHits = Math.max(o.minAreaPrompts, s.topical * 0.005);
      let covered = 0;
      let late = 0;
      for (let a = 0; a < AREA_COUNT; a++) {
        if (s.areas[a] < minHits) continue;
        covered++;
        if (s.firstAt[a] > o.lateAfter * s.prompts) late++;
      }
      const lateShare = covered ? late / covered : 0;
      const benchmarkShare = s.benchmark / s.prompts;
      const repeats = 1 - distinctShare(s.sample);
      const hours = (ctx.lastTs - ctx.firstTs) / HOUR_MS;
      const systematic = Math.max(grade(lateShare, o.late), grade(benchmarkShare, o.benchmark));
      const score =
        gradeLog(s.topical, [o.minTopical, o.fullTopical]) *
        grade(even, o.evenness) *
        (o.spreadScore + (1 - o.spreadScore) * systematic);
      const duration = hours >= 48 ? `${fixed(hours / 24)} days` : `${fixed(hours)} hours`;
      return {
        detector: 'coverage',
        score: round(score),
        summary:
          `Prompts spread over ${covered} of ${AREA_COUNT} capability areas (evenness ${fixed(even, 2)}; ` +
          `${topAreas(s.areas)}), ${late} of them first reached after the first ${percent(o.lateAfter)} ` +
          `of ${count(s.prompts)} prompts; ${percent(benchmarkShare)} in benchmark form ` +
          `(${percent(s.multipleChoice / s.prompts)} multiple choice); over ${duration} with ` +
          `${percent(repeats)} repeated prompts.`,
        evidence: {
          prompts: s.prompts,
          topicalShare: round(s.topical / s.prompts),
          capabilityAreas: covered,
          evenness: round(even),
          lateAreas: late,
          lateAreaShare: round(lateShare),
          benchmarkShare: round(benchmarkShare),
          multipleChoiceShare: round(s.multipleChoice / s.prompts),
          repeatShare: round(repeats),
          durationHours: round(hours, 1),
          topAreas: topAreas(s.areas),
        },
      };
    },
  };
}
