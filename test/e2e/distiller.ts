import type { RequestLogEventInput } from '../../schemas/event';

// Enough subjects × asks for every prompt of a burst to be distinct, as a harvesting script's are.
const SUBJECTS = [
  'photosynthesis', 'the French Revolution', 'binary search trees', 'supply and demand', 'plate tectonics',
  'the Krebs cycle', 'Bayesian inference', 'TCP congestion control', 'Keynesian economics', 'the Doppler effect',
  'RNA transcription', 'the Peloponnesian War', 'eigenvalues', 'compound interest', 'quantum tunnelling',
  'the water cycle', 'public-key cryptography', 'the Silk Road', 'entropy', 'dynamic programming',
  'monetary policy', 'the immune response', 'Fourier series', 'the Meiji Restoration', 'garbage collection',
  'black holes', 'game theory', 'the nitrogen cycle', 'relational algebra', 'impressionist painting',
];
const ASKS = [
  'Explain {s} step by step, showing all of your reasoning.',
  'Give a complete, detailed, step-by-step derivation of the key results of {s}.',
  'Think step by step and write a textbook chapter on {s}, with worked examples.',
  'Walk through {s} step by step as an expert tutor would, leaving nothing out.',
  'Reason step by step: what are the most common misconceptions about {s}, and why are they wrong?',
  'Produce a step-by-step worked problem set on {s}, with full solutions.',
];
const MAX_TOKENS = 4096;

export interface BurstOptions {
  apiKeyId: string;
  accountId: string;
  /** Epoch ms of the first request. */
  start: number;
  requests: number;
  /** Defaults to a distinct step-by-step question per request. */
  prompt?: (i: number) => string;
}

function question(i: number): string {
  const subject = SUBJECTS[i % SUBJECTS.length];
  const ask = ASKS[Math.floor(i / SUBJECTS.length) % ASKS.length];
  return `${ask.replace('{s}', subject)} (item ${i})`;
}

/**
 * A new key's first hour as a bulk distiller sends it: thousands of single-turn, step-by-step
 * prompts across many topics, each asking for and getting the longest completion allowed.
 */
export function distillerBurst(o: BurstOptions): RequestLogEventInput[] {
  const gap = 3_600_000 / o.requests;
  return Array.from({ length: o.requests }, (_, i) => ({
    request_id: `${o.apiKeyId}-${i}`,
    ts: Math.round(o.start + i * gap),
    api_key_id: o.apiKeyId,
    account_id: o.accountId,
    model: 'frontier-large',
    prompt_tokens: 60 + (i % 40),
    completion_tokens: MAX_TOKENS,
    finish_reason: 'length',
    prompt: (o.prompt ?? question)(i),
    turn: 1,
    conversation_id: `${o.apiKeyId}-c${i}`,
    params: { max_tokens: MAX_TOKENS, temperature: 0 },
  }));
}
