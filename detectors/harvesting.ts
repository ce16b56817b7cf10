import { median } from 'simple-statistics';
import type { Evidence } from '../schemas/signal';
import { count, fixed, percent, round } from './format';
import type { Span } from './grade';
import { grade, gradeLog, noisyOr } from './grade';
import { fmix32 } from './hash';
import type { CountedSample } from './sketch/bottomk';
import { addCounted, newCountedSample } from './sketch/bottomk';
import { HOUR_MS } from './sketch/hourly';
import { estimateDistinct } from './sketch/distinct';
import { hasPrompt } from './features/text';
import type { Detector, EventFeatures } from './types';

export interface HarvestingOptions {
  /** Answers the counters hold before they halve, i.e. how recent their picture is. */
  window: number;
  minAnswers: number;
  /** A completion of at least this share of max_tokens stopped at the cap. */
  capRatio: number;
  /** Caps below this are classifiers and extractors cutting answers short, not harvesting. */
  minCapTokens: number;
  /** max_tokens asked for that counts as asking for the longest answers. */
  highMaxTokens: number;
  /** Completion tokens over prompt tokens that makes an answer output-heavy, and its least length. */
  outputHeavyRatio: number;
  minHeavyCompletion: number;
  /** Distinct prompts sampled, with their answer counts, per generation. */
  samplePrompts: number;
  minSampledPrompts: number;
  /** A generation of the prompt sample ends after this many answers or hours, so it stays current. */
  generationAnswers: number;
  generationHours: number;
  /** Shares of answers that stopped at the cap, asked for high max_tokens, were output-heavy. */
  capped: Span;
  highMax: Span;
  outputHeavy: Span;
  /** Median answers per distinct prompt (log scale): a sweeper asks each question 8 to 32 times. */
  answersPerPrompt: Span;
  /** Share of answers sampled at temperature > 0: repeats at 0 return the same answer. */
  warm: Span;
  /** How far output-maxing and repeated sampling can move the score alone. */
  outputWeight: number;
  samplingWeight: number;
  /**
   * Share of the score left for a key that is all multi-turn with tools: developers building on
   * the model look like that, harvesters send single-turn prompts without tools.
   */
  conversationalFloor: number;
}

export const DEFAULT_HARVESTING_OPTIONS: HarvestingOptions = {
  window: 4096,
  minAnswers: 50,
  capRatio: 0.95,
  minCapTokens: 512,
  highMaxTokens: 4096,
  outputHeavyRatio: 4,
  minHeavyCompletion: 256,
  samplePrompts: 48,
  minSampledPrompts: 8,
  generationAnswers: 100_000,
  generationHours: 48,
  capped: [0.1, 0.6],
  highMax: [0.2, 0.9],
  outputHeavy: [0.2, 0.8],
  answersPerPrompt: [1, 8],
  warm: [0.2, 0.8],
  outputWeight: 0.7,
  samplingWeight: 0.75,
  conversationalFloor: 0.35,
};

/** Recent answers (successful requests) and how many had each property; halved together. */
interface Counters {
  answers: number;
  capped: number;
  highMax: number;
  outputHeavy: number;
  singleTurn: number;
  withTools: number;
  warm: number;
  multiSample: number;
  /** Sums of n and of completion tokens. */
  samples: number;
  completionTokens: number;
}

/** What a finished generation of the prompt sample said. */
interface SampleSummary {
  sampled: number;
  distinct: number;
  medianAnswers: number;
}

export interface HarvestingState {
  counters: Counters;
  generation: { startTs: number | null; answers: number; prompts: CountedSample };
  previous: SampleSummary | null;
}

function newCounters(): Counters {
  return {
    answers: 0,
    capped: 0,
    highMax: 0,
    outputHeavy: 0,
    singleTurn: 0,
    withTools: 0,
    warm: 0,
    multiSample: 0,
    samples: 0,
    completionTokens: 0,
  };
}

function halve(c: Counters): void {
  for (const k of Object.keys(c) as (keyof Counters)[]) c[k] = Math.floor(c[k] / 2);
}

/** Output harvesting: answers maxed out to the cap, and the same prompts sampled again and again. */
export function createHarvestingDetector(options: Partial<HarvestingOptions> = {}): Detector<HarvestingState> {
  const o: HarvestingOptions = { ...DEFAULT_HARVESTING_OPTIONS, ...options };

  function summarise(p: CountedSample): SampleSummary | null {
    if (p.mins.length < o.minSampledPrompts) return null;
    return { sampled: p.mins.length, distinct: estimateDistinct(p), medianAnswers: median(p.counts) };
  }

  function newGeneration(): HarvestingState['generation'] {
    return { startTs: null, answers: 0, prompts: newCountedSample(o.samplePrompts) };
  }

  /** What the key's prompt sample says once its current generation closes. */
  function closed(s: HarvestingState): SampleSummary | null {
    return summarise(s.generation.prompts) ?? s.previous;
  }

  function tally(c: Counters, ev: EventFeatures): void {
    const max = ev.maxTokens;
    // completion_tokens covers all n choices, while max_tokens and the prompt apply to each.
    const perChoice = ev.completionTokens / ev.n;
    const longCap = max === undefined || max >= o.minCapTokens;
    const atCap = ev.finishReason === 'length' || (max !== undefined && perChoice >= o.capRatio * max);
    c.answers++;
    if (atCap && longCap) c.capped++;
    if (max !== undefined && max >= o.highMaxTokens) c.highMax++;
    if (perChoice >= o.minHeavyCompletion && perChoice >= o.outputHeavyRatio * Math.max(ev.promptTokens, 1)) {
      c.outputHeavy++;
    }
    if (ev.turn === undefined || ev.turn <= 1) c.singleTurn++;
    if (ev.tools > 0) c.withTools++;
    // Providers sample at temperature 1 when none is given.
    if (ev.temperature === undefined || ev.temperature > 0) c.warm++;
    if (ev.n > 1) c.multiSample++;
    c.samples += ev.n;
    c.completionTokens += ev.completionTokens;
    if (c.answers >= o.window) halve(c);
  }

  return {
    name: 'harvesting',

    init: () => ({ counters: newCounters(), generation: newGeneration(), previous: null }),

    observe(s, ev) {
      // Failed requests returned no answer to harvest.
      if (ev.status >= 400) return;
      tally(s.counters, ev);
      if (!hasPrompt(ev.text)) return;
      const g = s.generation;
      if (g.startTs === null) g.startTs = ev.ts;
      else if (g.answers >= o.generationAnswers || ev.ts - g.startTs >= o.generationHours * HOUR_MS) {
        s.previous = closed(s);
        s.generation = { ...newGeneration(), startTs: ev.ts };
      }
      // Re-mixed so the sample stays uniform whatever hash the text features settle on.
      addCounted(s.generation.prompts, fmix32(ev.text.promptHash >>> 0), ev.n);
      s.generation.answers += ev.n;
    },

    assess(s) {
      const c = s.counters;
      if (c.answers < o.minAnswers) return null;
      const share = (k: number) => k / c.answers;
      // A sweep's repeats show in the generation that saw them until the next one closes.
      const current = summarise(s.generation.prompts);
      const sample = [current, s.previous].reduce<SampleSummary | null>(
        (best, x) => (x && (!best || x.medianAnswers > best.medianAnswers) ? x : best),
        null,
      );
      const meanN = c.samples / c.answers;
      const answersPerPrompt = Math.max(sample?.medianAnswers ?? 1, meanN);

      const output =
        0.5 * grade(share(c.capped), o.capped) +
        0.25 * grade(share(c.highMax), o.highMax) +
        0.25 * grade(share(c.outputHeavy), o.outputHeavy);
      const sampling = gradeLog(answersPerPrompt, o.answersPerPrompt) * grade(share(c.warm), o.warm);
      const extractive = share(c.singleTurn) * (1 - share(c.withTools));
      const score =
        noisyOr([o.outputWeight * output, o.samplingWeight * sampling]) *
        (o.conversationalFloor + (1 - o.conversationalFloor) * extractive);

      const promptClause = sample
        ? `sampled prompts were answered a median ${fixed(sample.medianAnswers)} times each ` +
          `(${sample.sampled} sampled of ~${count(sample.distinct)} distinct prompts)`
        : 'too few prompts with text to sample';
      const summary =
        `Of ~${count(c.answers)} recent answered requests, ` +
        `${percent(share(c.capped))} stopped at the length limit, ` +
        `${percent(share(c.highMax))} asked for max_tokens ≥ ${count(o.highMaxTokens)} and ` +
        `${percent(share(c.outputHeavy))} were ≥ ${o.outputHeavyRatio}× their prompt ` +
        `(mean ${count(c.completionTokens / c.answers)} completion tokens a request); ` +
        `${percent(share(c.singleTurn))} were single-turn and ${percent(1 - share(c.withTools))} offered no tools; ` +
        `${promptClause}, with n > 1 in ${percent(share(c.multiSample))} (mean n ${fixed(meanN)}) ` +
        `and temperature > 0 in ${percent(share(c.warm))}.`;
      const evidence: Evidence = {
        answers: c.answers,
        cappedShare: round(share(c.capped)),
        highMaxShare: round(share(c.highMax)),
        outputHeavyShare: round(share(c.outputHeavy)),
        meanCompletionTokens: Math.round(c.completionTokens / c.answers),
        singleTurnShare: round(share(c.singleTurn)),
        toolsShare: round(share(c.withTools)),
        multiSampleShare: round(share(c.multiSample)),
        warmShare: round(share(c.warm)),
        meanN: round(meanN, 2),
      };
      if (sample) {
        Object.assign(evidence, {
          medianAnswersPerPrompt: sample.medianAnswers,
          sampledPrompts: sample.sampled,
          distinctPrompts: sample.distinct,
        });
      }
      return { detector: 'harvesting', score: round(score), summary, evidence };
    },

    /** The prompt sample shrinks to what it said; the counters are already small. */
    compact: (s) => ({ counters: s.counters, generation: newGeneration(), previous: closed(s) }),
  };
}
