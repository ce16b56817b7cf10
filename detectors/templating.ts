import type { Signal } from '../schemas/signal';
import { hasPrompt } from './features/text';
import { count, percent, round } from './format';
import type { Span } from './grade';
import { grade, gradeLog } from './grade';
import type { CountedSample } from './sketch/bottomk';
import { addCounted, newCountedSample } from './sketch/bottomk';
import type { DistinctSketch } from './sketch/distinct';
import { addDistinct, estimateDistinct, lowerBound, newDistinct } from './sketch/distinct';
import type { TopK } from './sketch/topk';
import { addTopK, newTopK } from './sketch/topk';
import type { AssessContext, Detector } from './types';

export interface TemplatingOptions {
  /** Prompts a key needs before it is judged, and the prompts at which its evidence counts fully. */
  minPrompts: number;
  fullPrompts: number;
  /** Dominant templates tracked exactly enough to name them, and fills sketched per template. */
  topTemplates: number;
  fillsK: number;
  /** Templates sampled uniformly (bottom-k by hash) to see how traffic spreads over many of them. */
  sampleTemplates: number;
  /** Uses, with at least two different fills, that make a skeleton a template in use. */
  minUses: number;
  /** Share of prompts that follow a template in use. */
  templated: Span;
  /** Templates in use (log scale): one fixed template is a pipeline, many are a sweep. */
  templates: Span;
  /** Longest run of ascending enumeration markers ("Question 17", "Question 18", …), log scale. */
  sequenceRun: Span;
  /** Score of all traffic in one template; many templates or enumeration raise it towards 1. */
  singleTemplateScore: number;
  /** Score of ascending enumeration on its own. */
  enumerationScore: number;
}

export const DEFAULT_TEMPLATING_OPTIONS: TemplatingOptions = {
  minPrompts: 30,
  fullPrompts: 500,
  topTemplates: 6,
  fillsK: 8,
  sampleTemplates: 24,
  minUses: 3,
  templated: [0.2, 0.8],
  templates: [1, 20],
  sequenceRun: [5, 100],
  singleTemplateScore: 0.55,
  enumerationScore: 0.5,
};

/** `fills[i]` once a sampled template was seen with a second, different fill. */
const VARIED = -1;

export interface TemplatingState {
  prompts: number;
  /** Prompts with fixed wording, i.e. a template hash. */
  skeletal: number;
  top: TopK<DistinctSketch>;
  /** Uniform sample of templates with exact use counts, and per sampled template its first fill or VARIED. */
  sample: CountedSample;
  fills: number[];
  /** Enumeration markers: prompts carrying one, ascending steps, the current and the longest run. */
  marked: number;
  ascending: number;
  lastSequence: number;
  run: number;
  longestRun: number;
}

interface Dominant {
  key: number;
  uses: number;
  /** Distinct fills, when counted. */
  fills: number | undefined;
}

interface Spread {
  /** Share of prompts following a template in use. */
  share: number;
  /** Templates in use, and distinct skeletons (both estimated beyond the sample size). */
  templates: number;
  skeletons: number;
}

/**
 * The same skeleton with varying slots: dominant templates, how many fills each gets, the share of
 * traffic in templated form, and enumeration numbers that keep ascending. A pipeline running one
 * template over varied content is templated too; the evidence says one template or many, and
 * sweeping many templates with enumerated fills is the stronger sign.
 */
export function createTemplatingDetector(options: Partial<TemplatingOptions> = {}): Detector<TemplatingState> {
  const o: TemplatingOptions = { ...DEFAULT_TEMPLATING_OPTIONS, ...options };
  const newFills = () => newDistinct(o.fillsK);

  /** Counts a use in the sample, keeping `fills` aligned with the sample's entries. */
  function sampleUse(s: TemplatingState, template: number, fill: number): void {
    addCounted(s.sample, template, 1);
    // The sample's hashes are ascending and distinct: a binary search finds what indexOf would.
    const mins = s.sample.mins;
    const i = lowerBound(mins, template);
    if (i >= mins.length || mins[i] !== template) return;
    if (s.sample.counts[i] === 1) {
      // Just admitted at i (and perhaps the largest entry evicted).
      s.fills.splice(i, 0, fill);
      if (s.fills.length > s.sample.mins.length) s.fills.pop();
    } else if (s.fills[i] !== fill) s.fills[i] = VARIED;
  }

  /** Templated share and template counts: the heavy hitters exactly, the long tail from the sample. */
  function spread(s: TemplatingState): Spread {
    const { mins, counts } = s.sample;
    let uses = 0;
    let templatedUses = 0;
    let inUse = 0;
    for (let i = 0; i < mins.length; i++) {
      uses += counts[i];
      if (s.fills[i] === VARIED && counts[i] >= o.minUses) {
        templatedUses += counts[i];
        inUse++;
      }
    }
    const skeletons = estimateDistinct(s.sample);
    const fromSample = uses ? (templatedUses / uses) * (s.skeletal / s.prompts) : 0;
    let heavy = 0;
    for (let i = 0; i < s.top.keys.length; i++) {
      const sure = s.top.counts[i] - s.top.errors[i];
      if (sure >= o.minUses && estimateDistinct(s.top.payloads[i]) >= 2) heavy += sure;
    }
    return {
      share: Math.max(fromSample, heavy / s.prompts),
      templates: mins.length ? (skeletons * inUse) / mins.length : 0,
      skeletons,
    };
  }

  /**
   * The dominant template: the heavy hitter with most uses among skeletons that vary (a prompt
   * merely repeated is not a template). When templates are used too evenly for any to be a heavy
   * hitter, the most used one in the sample, whose uses are exact but whose fills were not counted.
   */
  function dominant(s: TemplatingState): Dominant | null {
    let best = -1;
    for (let i = 0; i < s.top.keys.length; i++) {
      if (estimateDistinct(s.top.payloads[i]) < 2) continue;
      if (best < 0 || s.top.counts[i] - s.top.errors[i] > s.top.counts[best] - s.top.errors[best]) best = i;
    }
    if (best >= 0) {
      const fills = estimateDistinct(s.top.payloads[best]);
      return { key: s.top.keys[best], uses: s.top.counts[best] - s.top.errors[best], fills };
    }
    const { mins, counts } = s.sample;
    for (let i = 0; i < mins.length; i++) {
      if (s.fills[i] === VARIED && (best < 0 || counts[i] > counts[best])) best = i;
    }
    return best >= 0 ? { key: mins[best], uses: counts[best], fills: undefined } : null;
  }

  function form(templates: number): string {
    if (templates < 0.5) return 'no template in repeated use';
    if (templates < 1.5) return 'one template';
    return templates < 5 ? 'a few templates' : 'many templates';
  }

  return {
    name: 'templating',

    init: () => ({
      prompts: 0,
      skeletal: 0,
      top: newTopK<DistinctSketch>(o.topTemplates),
      sample: newCountedSample(o.sampleTemplates),
      fills: [],
      marked: 0,
      ascending: 0,
      lastSequence: -1,
      run: 0,
      longestRun: 0,
    }),

    observe(s, ev) {
      if (!hasPrompt(ev.text)) return;
      const t = ev.text;
      s.prompts++;
      if (t.templateHash !== 0) {
        s.skeletal++;
        const i = addTopK(s.top, t.templateHash, newFills);
        addDistinct(s.top.payloads[i], t.fillHash);
        sampleUse(s, t.templateHash, t.fillHash);
      }
      if (t.sequenceNumber !== undefined) {
        s.marked++;
        if (s.lastSequence >= 0 && t.sequenceNumber > s.lastSequence) {
          s.ascending++;
          s.run++;
        } else s.run = 1;
        s.longestRun = Math.max(s.longestRun, s.run);
        s.lastSequence = t.sequenceNumber;
      }
    },

    assess(s, _ctx: AssessContext): Signal | null {
      if (s.prompts < o.minPrompts) return null;
      const sp = spread(s);
      const breadth = gradeLog(Math.max(sp.templates, 1), o.templates);
      const enumeration = gradeLog(s.longestRun, o.sequenceRun);
      const templated =
        grade(sp.share, o.templated) *
        (o.singleTemplateScore + (1 - o.singleTemplateScore) * Math.max(breadth, enumeration));
      const score =
        gradeLog(s.prompts, [o.minPrompts, o.fullPrompts]) * Math.max(templated, o.enumerationScore * enumeration);

      const top = dominant(s);
      const topKey = top ? top.key.toString(16).padStart(8, '0') : '';
      const topShare = top ? top.uses / s.prompts : 0;
      const approx = s.sample.mins.length === s.sample.k ? '~' : ''; // beyond the sample, counts are estimates
      let topText = '';
      if (top) {
        const fills =
          top.fills === undefined
            ? 'varying fills'
            : `${top.fills >= o.fillsK ? '~' : ''}${count(top.fills)} distinct fills`;
        topText = `; the top one (${topKey}) carried ${percent(topShare)} with ${fills}`;
      }
      const templates =
        sp.templates >= 0.5
          ? `: ${form(sp.templates)} (${approx}${count(sp.templates)} in use among ${approx}${count(sp.skeletons)} ` +
            `distinct skeletons)${topText}`
          : ` (${approx}${count(sp.skeletons)} distinct skeletons)`;
      const sequences =
        s.marked > 0
          ? `; ${percent(s.marked / s.prompts)} carried enumeration markers, longest ascending run ${count(s.longestRun)}`
          : '';
      return {
        detector: 'templating',
        score: round(score),
        summary:
          `${percent(sp.share)} of ${count(s.prompts)} prompts followed a repeated skeleton with varying slots` +
          `${templates}${sequences}.`,
        evidence: {
          prompts: s.prompts,
          templatedShare: round(sp.share),
          form: form(sp.templates),
          templatesInUse: round(sp.templates, 1),
          distinctSkeletons: round(sp.skeletons),
          topTemplate: topKey,
          topTemplateShare: round(topShare),
          ...(top?.fills !== undefined ? { topTemplateFills: top.fills } : {}),
          enumeratedShare: round(s.marked / s.prompts),
          ascendingShare: s.marked > 1 ? round(s.ascending / (s.marked - 1)) : 0,
          longestAscendingRun: s.longestRun,
        },
      };
    },
  };
}
