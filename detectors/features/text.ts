import { hash32 } from '../hash';

/** Figures of a prompt's text. (Being filled in by the text-detector work.) */
export interface TextFeatures {
  /** Hash of the normalised prompt (case, white space and punctuation folded): equal for repeats. */
  promptHash: number;
}

export function extractTextFeatures(prompt: string, _systemPrompt: string | undefined): TextFeatures {
  return { promptHash: hash32(prompt.toLowerCase().replace(/\s+/g, ' ').trim()) };
}
