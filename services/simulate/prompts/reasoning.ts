import type { Rng } from '../rng';
import { mathProblem, scienceProblem, wordProblem } from './problems';
import { puzzle } from './puzzles';

/**
 * Requests for the model's full reasoning, the thing reasoning-trace harvesters are after. Some
 * phrasings ("step by step") are also common in ordinary use; the heavy ones are rarer there.
 */

export const REASONING_DEMANDS = [
  'Show all your reasoning before the answer.',
  'Think step by step and write out every intermediate step before giving the final answer.',
  'Before answering, write out your complete chain of thought.',
  'Explain your full thought process, including anything you reconsider, and then give the answer.',
  'Reason through this carefully: write down each step, check it, and only then state the final answer.',
  'Please reason step by step, and put your final answer within \\boxed{}.',
  'Put your reasoning inside <thinking> tags and the final answer inside <answer> tags.',
  'Let\'s work this out in a step by step way to be sure we have the right answer.',
  'Do not give just the answer; show every step of the derivation.',
  'Write out your reasoning in full detail, as if explaining to someone checking your work.',
  'First think through the problem out loud, considering different approaches, then solve it.',
  'Show your work.',
];

export const REASONING_SYSTEM_PROMPTS = [
  'Always think step by step and write out your complete reasoning before the final answer.',
  'You are a meticulous problem solver. For every problem, show every intermediate step of your thinking in full detail, then state the final answer on its own line.',
  'You are a helpful assistant. Think carefully and explain your reasoning process thoroughly before answering.',
  'Your role as an assistant involves thoroughly exploring questions through a systematic long thinking process before providing the final precise and accurate solutions. Structure your response into two sections: Thought and Solution.',
  'You are an expert tutor. When solving a problem, first lay out your full chain of thought, including checks and corrections, then give a concise final answer.',
];

/** A problem of the kinds reasoning harvesters favour: maths, logic, science. */
export function reasoningProblem(rng: Rng): string {
  return rng.weighted([
    [mathProblem, 5],
    [wordProblem, 3],
    [puzzle, 3],
    [scienceProblem, 3],
  ] as const)(rng);
}
