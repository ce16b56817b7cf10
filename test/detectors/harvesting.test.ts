import { extractFeatures } from '../../detectors/features';
import { extractTextFeatures } from '../../detectors/features/text';
import type { TextFeatures } from '../../detectors/features/text';
import { createHarvestingDetector } from '../../detectors/harvesting';
import type { EventFeatures } from '../../detectors/types';
import { parseEvent } from '../../schemas/event';
import { SignalSchema } from '../../schemas/signal';
import { delayed, ev, HOUR, rng, run, T0 } from './traffic';

const harvesting = createHarvestingDetector();

function assess(events: EventFeatures[]) {
  const { state, ctx } = run(harvesting, events);
  const s = harvesting.assess(state, ctx);
  if (s) SignalSchema.parse(s);
  return s;
}

/** Text features of `n` distinct prompts, made once: tests reuse them across many events. */
function prompts(n: number, prefix: string): TextFeatures[] {
  return Array.from({ length: n }, (_, i) => extractTextFeatures(`${prefix} question number ${i}?`, undefined));
}

/**
 * A benchmark sweeper: every question `samples` times at temperature 0.8, in passes over the
 * whole set, asking for 4,096 tokens and often getting all of them.
 */
function sweeper(seed: number, questions: number, samples: number, gapMs = 2000): EventFeatures[] {
  const r = rng(seed);
  const texts = prompts(questions, `sweep ${seed}`);
  const out: EventFeatures[] = [];
  let t = T0;
  for (let pass = 0; pass < samples; pass++) {
    for (const text of texts) {
      const capped = r() < 0.4;
      out.push(
        ev((t += gapMs), {
          text,
          promptTokens: 150,
          completionTokens: capped ? 4096 : 1500 + Math.floor(r() * 2000),
          finishReason: capped ? 'length' : 'stop',
          maxTokens: 4096,
          temperature: 0.8,
        }),
      );
    }
  }
  return out;
}

/** Each event from `make`, at one a second, for `n` events. */
function traffic(n: number, make: (i: number, r: () => number) => Partial<EventFeatures>, seed = 1): EventFeatures[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ev(T0 + i * 1000, make(i, r)));
}

describe('harvesting detector', () => {
  it('abstains with too few answers, and counts no failed request as one', () => {
    expect(assess(sweeper(1, 10, 3))).toBeNull();
    const failed = sweeper(2, 100, 8).map((e) => ({ ...e, status: 429, completionTokens: 0 }));
    expect(assess(failed)).toBeNull();
  });

  it('scores a benchmark sweeper strongly', () => {
    const s = assess(sweeper(3, 500, 16))!;
    expect(s.score).toBeGreaterThanOrEqual(0.8);
    expect(s.evidence.medianAnswersPerPrompt).toBe(16);
    expect(s.evidence.distinctPrompts).toBeGreaterThan(400);
    expect(s.evidence.distinctPrompts).toBeLessThan(600);
    expect(s.summary).toMatch(/answered a median 16\.0 times each/);
  });

  it('scores maxed-out answers to unique prompts as clearly present', () => {
    const texts = prompts(3000, 'harvest');
    const s = assess(
      traffic(3000, (i, r) => {
        const capped = r() < 0.7;
        return {
          text: texts[i],
          promptTokens: 120,
          completionTokens: capped ? 8192 : 3000 + Math.floor(r() * 4000),
          finishReason: capped ? 'length' : 'stop',
          maxTokens: 8192,
        };
      }),
    )!;
    expect(s.score).toBeGreaterThanOrEqual(0.5);
    expect(s.evidence.medianAnswersPerPrompt).toBe(1);
  });

  it('sees repeated sampling through n > 1 without prompt text', () => {
    const s = assess(traffic(2000, () => ({ n: 8, temperature: 1, maxTokens: 1024, completionTokens: 8 * 600 })))!;
    expect(s.score).toBeGreaterThanOrEqual(0.5);
    expect(s.evidence.meanN).toBe(8);
  });

  it('scores a heavy developer with tools and conversations low', () => {
    const texts = prompts(5000, 'dev');
    const s = assess(
      traffic(5000, (i, r) => ({
        text: texts[i],
        turn: 1 + Math.floor(r() * 12),
        tools: r() < 0.8 ? 4 : 0,
        maxTokens: r() < 0.5 ? 4096 : undefined,
        promptTokens: 2000 + Math.floor(r() * 6000),
        completionTokens: 300 + Math.floor(r() * 1200),
        finishReason: r() < 0.05 ? 'length' : 'stop',
        temperature: 0.2,
      })),
    )!;
    expect(s.score).toBeLessThan(0.2);
  });

  it('scores a batch pipeline with short outputs low', () => {
    const texts = prompts(5000, 'classify');
    const s = assess(
      traffic(5000, (i, r) => ({
        text: texts[i],
        maxTokens: 64,
        promptTokens: 600,
        completionTokens: 5 + Math.floor(r() * 59),
        finishReason: r() < 0.2 ? 'length' : 'stop',
        temperature: 0,
      })),
    )!;
    expect(s.score).toBeLessThan(0.1);
  });

  it('scores a one-off evaluation with tiny max_tokens low', () => {
    const texts = prompts(1000, 'mmlu');
    const oneShort = (i: number) => ({
      text: texts[i],
      maxTokens: 16,
      completionTokens: 16,
      finishReason: 'length',
      temperature: 0,
    });
    const s = assess(traffic(1000, oneShort))!;
    expect(s.score).toBeLessThan(0.1);
  });

  it('is not fooled by a chat app whose users all say hello', () => {
    const texts = prompts(4000, 'chat');
    const hello = extractTextFeatures('Hello!', undefined);
    const s = assess(traffic(4000, (i, r) => ({ text: r() < 0.15 ? hello : texts[i], completionTokens: 200 })))!;
    expect(s.evidence.medianAnswersPerPrompt).toBe(1);
    expect(s.score).toBeLessThan(0.1);
  });

  it('keeps seeing a sweep across generations of its prompt sample', () => {
    // 2,000 questions × 12 passes at one every 10 s: about 67 hours, past the 48-hour generation.
    const events = sweeper(4, 2000, 12, 10_000);
    expect(events[events.length - 1].ts - T0).toBeGreaterThan(60 * HOUR);
    const s = assess(events)!;
    expect(s.evidence.medianAnswersPerPrompt).toBeGreaterThanOrEqual(8);
    expect(s.score).toBeGreaterThanOrEqual(0.8);
  });

  it('reads events parsed from the log format', () => {
    const r = rng(5);
    const events = Array.from({ length: 400 }, (_, i) => {
      const parsed = parseEvent({
        request_id: `req-${i}`,
        ts: new Date(T0 + i * 1000).toISOString(),
        api_key_id: 'k1',
        account_id: 'a1',
        model: 'm',
        prompt: `Explain topic ${i % 25} step by step.`,
        prompt_tokens: 12,
        completion_tokens: r() < 0.5 ? 4096 : 2500,
        finish_reason: 'length',
        params: { max_tokens: 4096, temperature: 1 },
      });
      if (!parsed.ok) throw new Error(parsed.reason);
      return extractFeatures(parsed.event);
    });
    const s = assess(events)!;
    expect(s.evidence.medianAnswersPerPrompt).toBe(16);
    expect(s.score).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps state bounded after 200k events and compacts to its summary', () => {
    const events = sweeper(6, 12_500, 16, 500);
    expect(events.length).toBe(200_000);
    const { state, ctx } = run(harvesting, events);
    expect(JSON.stringify(state).length).toBeLessThan(1500);
    const compacted = harvesting.compact!(state);
    expect(compacted.generation.prompts.mins).toEqual([]);
    expect(harvesting.assess(compacted, ctx)!.score).toBe(harvesting.assess(state, ctx)!.score);
  });

  it('is deterministic and indifferent to late events', () => {
    const events = sweeper(7, 300, 10);
    const a = assess(events)!;
    expect(assess(events)).toEqual(a);
    const late = assess(delayed(events, 0.1, 5 * 60_000, 8))!;
    expect(late.score).toBeCloseTo(a.score, 2);
  });
});
