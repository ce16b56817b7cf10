import type { Rng } from '../rng';

/** A model's answer length in tokens: log-normal around `median`, kept within [min, max]. */
export function answerLength(rng: Rng, median: number, sigma: number, min = 1, max = 32768): number {
  return Math.round(Math.min(max, Math.max(min, rng.logNormal(median, sigma))));
}

/** Whether a prompt asks for a long worked answer, which makes the model write more. */
export function asksForDetail(prompt: string): boolean {
  return /step|detail|thorough|reasoning|explain|comprehensive|essay/i.test(prompt);
}
