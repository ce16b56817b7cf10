import { Scanner } from './scan';

export { STRUCTURE } from './scan';
export { CUE_NAMES, REASONING_CUES, TOPIC_NAMES } from './lexicon';
export type { CueName } from './lexicon';

/** Figures of a request's prompt and system prompt, from one pass over each. */
export interface TextFeatures {
  /** Hash of the prompt with case and white-space runs folded: equal for repeats. */
  promptHash: number;
  /**
   * Hash of the prompt's skeleton: its fixed wording, with numbers, quoted spans, code, capitalised
   * names, option lists, content after a "Label:" and long passages (beside a short instruction)
   * each replaced by one slot. Equal for "What is 17 * 23?" and "What is 4 * 91?". 0 when nothing
   * of the prompt is fixed wording (no template).
   */
  templateHash: number;
  /**
   * Words of fixed wording in the skeleton: many for an instruction applied to varying data
   * ("Classify the sentiment of this review… Review: {slot}"), few for a bare frame around varying
   * instructions ("### Instruction: {slot} ### Response:").
   */
  templateWords: number;
  /** Hash of the slot values, in order: differs between fills of one template. */
  fillHash: number;
  /** Bitmask of capability areas (see TOPIC_NAMES). */
  topics: number;
  /** Bitmask of elicitation cues in the prompt (see CUE_NAMES). */
  elicitation: number;
  /** Elicitation cues in the system prompt; 0 without one. */
  systemElicitation: number;
  /** promptHash of the system prompt; 0 without one. */
  systemHash: number;
  /** Number of an enumeration marker ("Question 17:", "#123", "Problem 4 of 500", "[item 0042]"). */
  sequenceNumber: number | undefined;
  /** Bitmask of STRUCTURE: options, answer slot, enumeration, code, labels. */
  structure: number;
  chars: number;
  /** Words and numbers (each Han or kana character counts as one). */
  words: number;
  /** MinHash (sketch/minhash.ts) of the prompt's word pairs, for near-duplicates across requests. */
  minhash: number[];
}

const scanner = new Scanner();

/** System prompts repeat verbatim across a client's requests; their figures are kept by text. */
const SYSTEM_CACHE_SIZE = 256;
const systemCache = new Map<string, { hash: number; cues: number }>();

function systemFeatures(system: string): { hash: number; cues: number } {
  let f = systemCache.get(system);
  if (f === undefined) {
    const s = scanner.scan(system);
    f = { hash: s.promptHash, cues: s.elicitation };
    if (systemCache.size >= SYSTEM_CACHE_SIZE) systemCache.clear();
    systemCache.set(system, f);
  }
  return f;
}

/** Pure: the same texts give the same figures (the cache only saves work). */
export function extractTextFeatures(prompt: string, systemPrompt: string | undefined): TextFeatures {
  return scanner.scan(prompt, systemPrompt ? systemFeatures(systemPrompt) : undefined);
}

/** The event carries prompt text (not only a system prompt, and not empty). */
export function hasPrompt(t: TextFeatures | undefined): t is TextFeatures {
  return t !== undefined && t.chars > 0;
}
