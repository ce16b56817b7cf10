import { createElicitationDetector } from '../../detectors/elicitation';
import type { EventFeatures } from '../../detectors/types';
import { SignalSchema } from '../../schemas/signal';
import { assess, broadQuestion, distinctEvents, request } from './prompts';
import { contextFor } from './traffic';

const elicitation = createElicitationDetector();

/** How people and scripts ask for the reasoning, in many phrasings and cases. */
const ASKS = [
  "Let's think step by step.",
  'show your work',
  'Explain your reasoning before giving the final answer.',
  'think carefully and walk me through each step',
  'Write out your full chain of thought, then the answer.',
  'SHOW ALL WORKING',
  'reason it through before you answer',
  'justify your answer with a detailed explanation',
];

/** `share` of the prompts carry an ask (spread evenly), the rest are plain questions. */
function traffic(n: number, share: number): EventFeatures[] {
  return Array.from({ length: n }, (_, i) => {
    const ask = Math.floor((i + 1) * share) > Math.floor(i * share);
    return request(i, ask ? `${broadQuestion(i)} ${ASKS[i % ASKS.length]}` : broadQuestion(i));
  });
}

describe('elicitation', () => {
  it('scores a steady high rate as strong', () => {
    const { signal } = assess(elicitation, traffic(600, 0.8));
    expect(SignalSchema.parse(signal)).toBeTruthy();
    expect(signal!.score).toBeGreaterThan(0.8);
    expect(signal!.evidence).toMatchObject({ textRequests: 600, windows: 12, steadyWindows: 12 });
    expect(signal!.evidence.reasoningShare).toBeCloseTo(0.8, 1);
    expect(signal!.summary).toMatch(/^480 of 600 prompts \(80%\) asked for spelled-out reasoning/);
  });

  it('stays low for the occasional "step by step"', () => {
    const { signal } = assess(elicitation, traffic(600, 0.05));
    expect(signal!.score).toBe(0);
    expect(assess(elicitation, traffic(600, 0.12)).signal!.score).toBeLessThan(0.1);
  });

  it('counts a cued system prompt for every request that carries it', () => {
    const events = Array.from({ length: 400 }, (_, i) =>
      request(i, broadQuestion(i), { system_prompt: 'You are a tutor. Always think step by step and show your work.' }),
    );
    const { signal } = assess(elicitation, events);
    expect(signal!.evidence).toMatchObject({ reasoningShare: 1, systemPromptShare: 1 });
    expect(signal!.score).toBeGreaterThan(0.8);
  });

  it('needs persistence: one burst of asks scores below the same rate sustained', () => {
    const asking = traffic(600, 1);
    const burst = traffic(600, 0).map((e, i) => (i < 300 ? asking[i] : e));
    const sustained = traffic(600, 0.5);
    const b = assess(elicitation, burst).signal!;
    const s = assess(elicitation, sustained).signal!;
    expect(b.evidence.reasoningShare).toBe(s.evidence.reasoningShare);
    expect(b.score).toBeLessThan(s.score * 0.8);
  });

  it('caps asks for length only at clearly present', () => {
    const events = Array.from({ length: 400 }, (_, i) => request(i, `${broadQuestion(i)} Be as detailed as possible.`));
    const { signal } = assess(elicitation, events);
    expect(signal!.evidence).toMatchObject({ reasoningShare: 0, detailOnlyShare: 1, topCue: 'exhaustive' });
    expect(signal!.score).toBeGreaterThan(0.3);
    expect(signal!.score).toBeLessThan(0.7);
  });

  it('reads logprobs and n > 1 even without prompt text', () => {
    const events = Array.from({ length: 300 }, (_, i) => request(i, undefined, { params: { logprobs: true, top_logprobs: 5 } }));
    const { signal } = assess(elicitation, events);
    expect(signal!.summary).toMatch(/^No prompt text to read \(300 requests\); 100% of requests asked for logprobs \(up to 5/);
    expect(signal!.score).toBeGreaterThan(0.5);
    expect(signal!.score).toBeLessThanOrEqual(0.6);
    const both = assess(
      elicitation,
      traffic(300, 0.8).map((e) => ({ ...e, logprobs: true, topLogprobs: 5, n: 4 })),
    ).signal!;
    expect(both.score).toBeGreaterThan(0.9);
  });

  it('abstains without text or parameters, and with too few requests', () => {
    expect(assess(elicitation, Array.from({ length: 500 }, (_, i) => request(i, undefined))).signal).toBeNull();
    expect(assess(elicitation, traffic(10, 1)).signal).toBeNull();
  });

  it('keeps a bounded state and is deterministic', () => {
    const state = elicitation.init();
    for (const e of distinctEvents(100_000)) elicitation.observe(state, { ...e, logprobs: true, topLogprobs: 20, n: 3 });
    expect(JSON.stringify(state).length).toBeLessThan(500);
    expect(elicitation.assess(state, contextFor(100_000, 0, 1))!.evidence.systemPromptShare).toBe(0.5);
    const events = traffic(300, 0.4);
    expect(assess(elicitation, events)).toEqual(assess(elicitation, events));
  });
});
