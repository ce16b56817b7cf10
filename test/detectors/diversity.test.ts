import { createDiversityDetector } from '../../detectors/diversity';
import type { EventFeatures } from '../../detectors/types';
import { SignalSchema } from '../../schemas/signal';
import { contextFor } from './traffic';
import { AREAS, assess, broadQuestion, distinctEvents, PERSON_THREADS, request } from './prompts';

const diversity = createDiversityDetector();

/** A distiller: every prompt new, one shot, across all areas. */
function sweep(n: number): EventFeatures[] {
  return Array.from({ length: n }, (_, i) => request(i, broadQuestion(i)));
}

/** A person: a few developer topics, each question followed up in its conversation. */
function person(n: number): EventFeatures[] {
  const out: EventFeatures[] = [];
  for (let i = 0; out.length < n; i++) {
    const thread = PERSON_THREADS[i % PERSON_THREADS.length];
    thread.forEach((p, turn) => out.push(request(out.length, p, { turn: turn + 1, conversation_id: `c${i}` })));
  }
  return out.slice(0, n);
}

/** An app proxying many users: broad, but most requests continue a conversation. */
function proxy(n: number): EventFeatures[] {
  return Array.from({ length: n }, (_, i) => {
    const conversation = Math.floor(i / 3);
    return request(i, broadQuestion(i), { turn: (i % 3) + 1, conversation_id: `c${conversation}` });
  });
}

describe('diversity', () => {
  it('fires on broad, distinct, one-shot traffic', () => {
    const { signal } = assess(diversity, sweep(1200));
    expect(SignalSchema.parse(signal)).toBeTruthy();
    expect(signal!.score).toBeGreaterThan(0.8);
    expect(signal!.evidence).toMatchObject({ prompts: 1200, followUpShare: 0 });
    expect(signal!.evidence.capabilityAreas).toBeGreaterThanOrEqual(25);
    expect(signal!.summary).toMatch(/^~?[\d,]+ of 1,200 prompts \(\d+%\) were distinct, 0% followed up a previous turn/);
  });

  it('ramps with the evidence: fewer requests, lower confidence', () => {
    const small = assess(diversity, sweep(80)).signal!.score;
    const large = assess(diversity, sweep(1200)).signal!.score;
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(large / 2);
  });

  it('stays low for a person: narrow and conversational', () => {
    const { signal } = assess(diversity, person(300));
    expect(signal!.score).toBeLessThan(0.1);
    expect(signal!.evidence.followUpShare).toBeGreaterThan(0.6);
  });

  it('discounts broad content filled into one instruction (a pipeline, an evaluation harness)', () => {
    const pipeline = Array.from({ length: 1200 }, (_, i) =>
      request(i, `Classify the sentiment of this review as positive, negative or neutral.\n\nReview: ${broadQuestion(i)}`),
    );
    const { signal } = assess(diversity, pipeline);
    expect(signal!.evidence.dominantTemplateShare).toBeGreaterThan(0.9);
    expect(signal!.score).toBeLessThan(0.1);
    expect(signal!.summary).toMatch(/filled one template/);
  });

  it('does not discount varying instructions inside a bare frame (Alpaca-style training format)', () => {
    const events = Array.from({ length: 1200 }, (_, i) => request(i, `### Instruction:\n${broadQuestion(i)}\n\n### Response:`));
    const { signal } = assess(diversity, events);
    expect(signal!.evidence.dominantTemplateShare).toBeLessThan(0.3);
    expect(signal!.score).toBeGreaterThan(0.5);
  });

  it('does not mistake many templates for one', () => {
    const templates = ['Explain {x} briefly.', 'Write a poem about {x}.', 'Summarise what is known about {x}.', 'Give 5 facts about {x}.', 'Compare {x} with its alternatives.', 'What is the history of {x}?'];
    const events = Array.from({ length: 1200 }, (_, i) => request(i, templates[i % templates.length].replace('{x}', `"${broadQuestion(i)}"`)));
    expect(assess(diversity, events).signal!.evidence.dominantTemplateShare).toBeLessThan(0.3);
  });

  it('stays low for a consumer app: broad but multi-turn', () => {
    const { signal } = assess(diversity, proxy(1200));
    expect(signal!.score).toBeLessThan(0.15);
    expect(signal!.evidence.effectiveAreas).toBeGreaterThan(15);
  });

  it('stays low when the same few prompts repeat', () => {
    const events = Array.from({ length: 1000 }, (_, i) => request(i, broadQuestion(i % 40)));
    const { signal } = assess(diversity, events);
    expect(signal!.evidence.distinctPrompts).toBeLessThanOrEqual(45);
    expect(signal!.score).toBe(0);
  });

  it('stays low for broad one-shot traffic in one area', () => {
    const events = Array.from({ length: 1000 }, (_, i) => request(i, broadQuestion(i, ['code'])));
    expect(assess(diversity, events).signal!.score).toBeLessThan(0.1);
  });

  it('abstains without prompt text or with too few prompts', () => {
    const privacy = Array.from({ length: 500 }, (_, i) => request(i, undefined));
    expect(assess(diversity, privacy).signal).toBeNull();
    const systemOnly = Array.from({ length: 500 }, (_, i) => request(i, undefined, { system_prompt: 'Be brief.' }));
    expect(assess(diversity, systemOnly).signal).toBeNull();
    expect(assess(diversity, sweep(20)).signal).toBeNull();
  });

  it('keeps a bounded state and is deterministic', () => {
    const d = createDiversityDetector();
    const state = d.init();
    for (const e of distinctEvents(100_000)) d.observe(state, e);
    expect(JSON.stringify(state).length).toBeLessThan(1500);
    expect(d.assess(state, contextFor(100_000, 0, 1))!.evidence.distinctShare).toBeGreaterThan(0.8);
    const again = d.init();
    const events = sweep(400);
    const first = d.init();
    for (const e of events) {
      d.observe(first, e);
      d.observe(again, e);
    }
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(assess(d, events).signal).toEqual(assess(d, events).signal);
    expect(AREAS.length).toBeGreaterThanOrEqual(25);
  });
});
