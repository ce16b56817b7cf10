import type { Signal } from '../schemas/signal';
import { addAreas, areasWith, effectiveAreas, newAreaHistogram, topAreas } from './areas';
import { hasPrompt } from './features/text';
import { count, fixed, percent, round } from './format';
import type { Span } from './grade';
import { grade, gradeLog } from './grade';
import { hash32 } from './hash';
import { distinctShare } from './distinctness';
import type { CountedSample } from './sketch/bottomk';
import { addCounted, newCountedSample } from './sketch/bottomk';
import type { TopK } from './sketch/topk';
import { addTopK, newTopK } from './sketch/topk';
import type { AssessContext, Detector, EventFeatures } from './types';

export interface DiversityOptions {
  /** Prompts a key needs before it is judged, and the prompts at which its evidence counts fully. */
  minPrompts: number;
  fullPrompts: number;
  /** Prompts sampled (bottom-k by hash, with counts) to measure how many are distinct. */
  samplePrompts: number;
  /** Conversation ids remembered to recognise a follow-up in a conversation seen just before. */
  recentConversations: number;
  /** Share of prompts that are distinct. */
  distinct: Span;
  /** Share of prompts that do not follow up an earlier turn. */
  singleTurn: Span;
  /** Effective number of capability areas (exp of the entropy of the area histogram). */
  areas: Span;
  /** Prompts an area needs to be counted among the areas a key covers. */
  minAreaPrompts: number;
  /**
   * Share of prompts in the key's most used template. Prompts that differ only in the content
   * filled into one instruction (a pipeline classifying reviews, an evaluation harness) vary in
   * data, not in what they ask of the model, so that share discounts the breadth.
   */
  dominantTemplate: Span;
  /** Templates tracked to find the most used one. */
  trackedTemplates: number;
  /**
   * Fixed words a template needs to count as one instruction. A bare frame such as
   * "### Instruction: … ### Response:" wraps varying instructions and discounts nothing.
   */
  instructionWords: number;
}

export const DEFAULT_DIVERSITY_OPTIONS: DiversityOptions = {
  minPrompts: 30,
  fullPrompts: 1000,
  samplePrompts: 64,
  recentConversations: 8,
  distinct: [0.5, 0.95],
  singleTurn: [0.5, 0.95],
  areas: [4, 15],
  minAreaPrompts: 2,
  dominantTemplate: [0.5, 0.9],
  trackedTemplates: 4,
  instructionWords: 4,
};

export interface DiversityState {
  /** Requests that carried prompt text. */
  prompts: number;
  /** Of those, prompts with at least one capability area. */
  topical: number;
  /** Prompts that continued a conversation (turn > 1, or a conversation id seen just before). */
  followUps: number;
  /** Prompts that said anything about their conversation (turn or conversation id). */
  threaded: number;
  sample: CountedSample;
  areas: number[];
  /** Hashes of the latest conversation ids, oldest first. */
  recent: number[];
  /** The most used templates (payload unused). */
  templates: TopK<0>;
}

/**
 * Breadth without conversation: many distinct prompts over many capability areas, few repeats and
 * few follow-ups. A person asks about a few things and talks back; an app proxying many users is
 * broad but conversational; a distiller is broad, distinct and one-shot.
 */
export function createDiversityDetector(options: Partial<DiversityOptions> = {}): Detector<DiversityState> {
  const o: DiversityOptions = { ...DEFAULT_DIVERSITY_OPTIONS, ...options };

  /** Whether this request continues a conversation; remembers its conversation id. */
  function followsUp(s: DiversityState, ev: EventFeatures): boolean {
    const continued = (ev.turn ?? 1) > 1;
    if (ev.conversationId === undefined) return continued;
    const h = hash32(ev.conversationId);
    const recent = s.recent;
    const seen = recent.indexOf(h);
    if (seen >= 0) {
      // Moved to the end by hand (a splice allocates its removed elements); already there when the
      // same conversation goes on, the usual case.
      for (let i = seen; i < recent.length - 1; i++) recent[i] = recent[i + 1];
      recent[recent.length - 1] = h;
    } else recent.push(h);
    if (recent.length > o.recentConversations) recent.shift();
    return continued || seen >= 0;
  }

  return {
    name: 'diversity',

    init: () => ({
      prompts: 0,
      topical: 0,
      followUps: 0,
      threaded: 0,
      sample: newCountedSample(o.samplePrompts),
      areas: newAreaHistogram(),
      recent: [],
      templates: newTopK<0>(o.trackedTemplates),
    }),

    observe(s, ev) {
      if (!hasPrompt(ev.text)) return;
      s.prompts++;
      addCounted(s.sample, ev.text.promptHash, 1);
      if (ev.text.topics) s.topical++;
      addAreas(s.areas, ev.text.topics);
      if (ev.turn !== undefined || ev.conversationId !== undefined) s.threaded++;
      if (followsUp(s, ev)) s.followUps++;
      if (ev.text.templateWords >= o.instructionWords) addTopK(s.templates, ev.text.templateHash, () => 0);
    },

    assess(s, _ctx: AssessContext): Signal | null {
      if (s.prompts < o.minPrompts) return null;
      const share = distinctShare(s.sample);
      const distinct = Math.round(share * s.prompts);
      const estimated = s.sample.mins.length === s.sample.k;
      const followUpShare = s.followUps / s.prompts;
      const effective = effectiveAreas(s.areas);
      const covered = areasWith(s.areas, Math.max(o.minAreaPrompts, s.topical * 0.01));
      // Space-saving counts include what a slot inherited; count minus error is a sure lower bound.
      const top = s.templates.counts.reduce((m, c, i) => Math.max(m, c - s.templates.errors[i]), 0);
      const dominantShare = top / s.prompts;
      const score =
        gradeLog(s.prompts, [o.minPrompts, o.fullPrompts]) *
        grade(share, o.distinct) *
        grade(1 - followUpShare, o.singleTurn) *
        grade(effective, o.areas) *
        (1 - grade(dominantShare, o.dominantTemplate));
      const oneTemplate = dominantShare >= o.dominantTemplate[0] ? `; ${percent(dominantShare)} filled one template` : '';
      const threads = s.threaded === 0 ? ' (no turn or conversation data)' : '';
      return {
        detector: 'diversity',
        score: round(score),
        summary:
          `${estimated ? '~' : ''}${count(distinct)} of ${count(s.prompts)} prompts (${percent(share)}) ` +
          `were distinct, ${percent(followUpShare)} followed up a previous turn${threads}, across ` +
          `${covered} capability areas (${fixed(effective)} effective)${oneTemplate}.`,
        evidence: {
          prompts: s.prompts,
          distinctPrompts: distinct,
          distinctShare: round(share),
          followUpShare: round(followUpShare),
          threadedShare: round(s.threaded / s.prompts),
          capabilityAreas: covered,
          effectiveAreas: round(effective, 2),
          topicalShare: round(s.topical / s.prompts),
          topAreas: topAreas(s.areas),
          dominantTemplateShare: round(dominantShare),
        },
      };
    },
  };
}
