import type { Signal } from '../schemas/signal';
import type { CueName } from './features/text';
import { CUE_NAMES, REASONING_CUES } from './features/text';
import { count, percent, round } from './format';
import type { Span } from './grade';
import { grade, gradeLog, noisyOr } from './grade';
import type { AssessContext, Detector } from './types';

export interface ElicitationOptions {
  /** Requests a key needs before it is judged, and the requests at which evidence counts fully. */
  minRequests: number;
  fullRequests: number;
  /** Text-carrying requests per persistence window. */
  window: number;
  /** A window is steadily cued when this share of its prompts carry a cue. */
  windowRate: number;
  /** Share of prompts asking for the reasoning (or only for length, alternatives, a final-answer format). */
  rate: Span;
  /** Score that asks for length, alternatives or a final-answer format alone can reach. */
  detailScore: number;
  /** Part of the rate's score kept when no window is steadily cued (the rest needs persistence). */
  persistenceFloor: number;
  /** Share of requests asking for logprobs, and the score that alone can reach. */
  logprobs: Span;
  logprobsScore: number;
  /**
   * Logprobs count only on answers at least this long: evaluation harnesses score one-token
   * multiple-choice answers with them, while soft-label distillation takes them over whole answers.
   */
  logprobsMinTokens: number;
  /** Share of requests with n > 1, and the score that alone can reach. */
  multiple: Span;
  multipleScore: number;
}

export const DEFAULT_ELICITATION_OPTIONS: ElicitationOptions = {
  minRequests: 20,
  fullRequests: 300,
  window: 50,
  windowRate: 0.3,
  rate: [0.1, 0.6],
  detailScore: 0.5,
  persistenceFloor: 0.5,
  logprobs: [0.1, 0.8],
  logprobsScore: 0.6,
  logprobsMinTokens: 64,
  multiple: [0.1, 0.8],
  multipleScore: 0.4,
};

/** How a cue reads in a summary. */
const CUE_LABELS: Record<CueName, string> = {
  stepByStep: 'step by step',
  chainOfThought: 'the chain of thought',
  showWork: 'shown work',
  thinkFirst: 'thinking first',
  explainReasoning: 'explained reasoning',
  trainingFormat: 'training-data format',
  exhaustive: 'exhaustive detail',
  alternatives: 'alternative solutions',
  finalAnswer: 'a marked final answer',
};

const REASONING = REASONING_CUES.reduce((m, c) => m | (1 << CUE_NAMES.indexOf(c)), 0);

export interface ElicitationState {
  requests: number;
  /** Requests with prompt or system-prompt text. */
  texts: number;
  /** Of those: asking for reasoning; asking only for detail; cued by the system prompt. */
  reasoning: number;
  detail: number;
  system: number;
  /** Requests per cue, indexed like CUE_NAMES. */
  cues: number[];
  logprobs: number;
  maxTopLogprobs: number;
  multiple: number;
  /** The open window's requests and cued ones; closed windows and the steadily cued among them. */
  windowTexts: number;
  windowCued: number;
  windows: number;
  steadyWindows: number;
}

/**
 * Asking the model to spell out its reasoning (step by step, the chain of thought, shown work,
 * exhaustive explanations), in the prompt or the system prompt, and for logprobs or several
 * completions: what a student model learns most from. Scored on the rate over the key's requests
 * and its persistence across windows, so that the occasional "explain step by step" stays low.
 */
export function createElicitationDetector(options: Partial<ElicitationOptions> = {}): Detector<ElicitationState> {
  const o: ElicitationOptions = { ...DEFAULT_ELICITATION_OPTIONS, ...options };

  return {
    name: 'elicitation',

    init: () => ({
      requests: 0,
      texts: 0,
      reasoning: 0,
      detail: 0,
      system: 0,
      cues: new Array<number>(CUE_NAMES.length).fill(0),
      logprobs: 0,
      maxTopLogprobs: 0,
      multiple: 0,
      windowTexts: 0,
      windowCued: 0,
      windows: 0,
      steadyWindows: 0,
    }),

    observe(s, ev) {
      s.requests++;
      if (ev.logprobs && ev.completionTokens >= o.logprobsMinTokens) s.logprobs++;
      s.maxTopLogprobs = Math.max(s.maxTopLogprobs, ev.topLogprobs);
      if (ev.n > 1) s.multiple++;
      const t = ev.text;
      if (t === undefined) return;
      s.texts++;
      // System-prompt cues apply to every request that carries them.
      const cues = t.elicitation | t.systemElicitation;
      if (t.systemElicitation) s.system++;
      for (let i = 0; i < CUE_NAMES.length; i++) if (cues & (1 << i)) s.cues[i]++;
      if (cues & REASONING) s.reasoning++;
      else if (cues) s.detail++;
      s.windowTexts++;
      if (cues) s.windowCued++;
      if (s.windowTexts === o.window) {
        s.windows++;
        if (s.windowCued >= o.windowRate * o.window) s.steadyWindows++;
        s.windowTexts = 0;
        s.windowCued = 0;
      }
    },

    assess(s, _ctx: AssessContext): Signal | null {
      const paramRequests = s.logprobs + s.multiple;
      if (s.texts < o.minRequests && (s.requests < o.minRequests || paramRequests === 0)) return null;
      const persistence = s.windows ? s.steadyWindows / s.windows : 0;
      const asked = s.texts
        ? noisyOr([grade(s.reasoning / s.texts, o.rate), o.detailScore * grade(s.detail / s.texts, o.rate)])
        : 0;
      const textScore =
        s.texts >= o.minRequests
          ? gradeLog(s.texts, [o.minRequests, o.fullRequests]) *
            asked *
            (o.persistenceFloor + (1 - o.persistenceFloor) * persistence)
          : 0;
      const volume = gradeLog(s.requests, [o.minRequests, o.fullRequests]);
      const logprobsShare = s.logprobs / s.requests;
      const multipleShare = s.multiple / s.requests;
      const score = noisyOr([
        textScore,
        volume * o.logprobsScore * grade(logprobsShare, o.logprobs),
        volume * o.multipleScore * grade(multipleShare, o.multiple),
      ]);

      let top = 0;
      for (let i = 1; i < CUE_NAMES.length; i++) if (s.cues[i] > s.cues[top]) top = i;
      const topCue = s.cues[top] > 0 ? CUE_NAMES[top] : '';
      const prompts =
        s.texts === 0
          ? `No prompt text to read (${count(s.requests)} requests)`
          : `${count(s.reasoning)} of ${count(s.texts)} prompts (${percent(s.reasoning / s.texts)}) asked for ` +
            'spelled-out reasoning' +
            (s.detail ? ` and ${percent(s.detail / s.texts)} more for length or format only` : '') +
            (topCue ? ` (most often ${CUE_LABELS[topCue]})` : '') +
            (s.system ? `, ${percent(s.system / s.texts)} through the system prompt` : '') +
            (s.windows ? `, steadily in ${s.steadyWindows} of ${s.windows} windows of ${o.window}` : '');
      const paramsText =
        `; ${percent(logprobsShare)} of requests asked for logprobs` +
        (s.maxTopLogprobs ? ` (up to ${s.maxTopLogprobs} alternatives per token)` : '') +
        ` and ${percent(multipleShare)} for several completions.`;
      return {
        detector: 'elicitation',
        score: round(score),
        summary: prompts + paramsText,
        evidence: {
          requests: s.requests,
          textRequests: s.texts,
          reasoningShare: s.texts ? round(s.reasoning / s.texts) : 0,
          detailOnlyShare: s.texts ? round(s.detail / s.texts) : 0,
          systemPromptShare: s.texts ? round(s.system / s.texts) : 0,
          topCue,
          steadyWindows: s.steadyWindows,
          windows: s.windows,
          logprobsShare: round(logprobsShare),
          maxTopLogprobs: s.maxTopLogprobs,
          multipleCompletionsShare: round(multipleShare),
        },
      };
    },
  };
}
