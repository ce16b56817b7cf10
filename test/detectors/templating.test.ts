import { createTemplatingDetector } from '../../detectors/templating';
import type { EventFeatures } from '../../detectors/types';
import { SignalSchema } from '../../schemas/signal';
import { AREA_QUESTIONS, AREAS, assess, broadQuestion, distinctEvents, PERSON_THREADS, request } from './prompts';
import { contextFor } from './traffic';

const templating = createTemplatingDetector();

const TASKS = [
  (x: string) => `Answer the following question. Question: ${x}`,
  (x: string) => `Translate to French: ${x}`,
  (x: string) => `Rewrite this in formal English: "${x}"`,
  (x: string) => `Classify the topic of the text below.\nText: ${x}\nTopic:`,
  (x: string) => `Write a one-sentence summary.\n\nInput: ${x}`,
  (x: string) => `Is the following statement true? Statement: ${x}`,
  (x: string) => `Explain to a child: ${x}`,
  (x: string) => `Generate three follow-up questions for: ${x}`,
];

/** Many instruction templates crossed with many fills, enumerated as the generator goes. */
function sweep(n: number, tasks = TASKS): EventFeatures[] {
  const templates = tasks.flatMap((t) => [
    (x: string, i: number) => `[item ${String(i).padStart(5, '0')}] ${t(x)}`,
    (x: string, i: number) => `Task #${i}. ${t(x)}`,
    (x: string, i: number) => `${t(x)}\n(Example ${i})`,
  ]);
  return Array.from({ length: n }, (_, i) => request(i, templates[i % templates.length](broadQuestion(i), i + 1)));
}

describe('templating', () => {
  it('scores many templates with enumerated fills as strong', () => {
    const { signal } = assess(templating, sweep(1500));
    expect(SignalSchema.parse(signal)).toBeTruthy();
    expect(signal!.score).toBeGreaterThan(0.85);
    expect(signal!.evidence.form).toBe('many templates');
    expect(signal!.evidence.templatedShare).toBeGreaterThan(0.8);
    expect(signal!.evidence.longestAscendingRun).toBe(1500);
    expect(signal!.evidence.topTemplate).toMatch(/^[0-9a-f]{8}$/);
    expect(signal!.summary).toMatch(/^\d+% of 1,500 prompts followed a repeated skeleton with varying slots: many templates/);
  });

  it('reports one fixed template over varied content as clearly present, and says so', () => {
    const events = Array.from({ length: 800 }, (_, i) =>
      request(i, `Classify the sentiment of this review as positive or negative.\n\nReview: ${broadQuestion(i)}`),
    );
    const { signal } = assess(templating, events);
    expect(signal!.evidence.form).toBe('one template');
    expect(signal!.evidence.topTemplateShare).toBe(1);
    expect(signal!.evidence.topTemplateFills).toBeGreaterThanOrEqual(8);
    expect(signal!.score).toBeGreaterThan(0.4);
    expect(signal!.score).toBeLessThan(0.65);
  });

  it('stays low for varied human prompts', () => {
    const events: EventFeatures[] = [];
    for (let i = 0; events.length < 600; i++) {
      const thread = PERSON_THREADS[i % PERSON_THREADS.length];
      for (const p of thread) events.push(request(events.length, `${p}${i > 5 ? ` (${AREAS[i % AREAS.length]})` : ''}`));
    }
    const broad = Array.from({ length: 600 }, (_, i) => request(i, broadQuestion(i)));
    expect(assess(templating, events).signal!.score).toBeLessThan(0.2);
    expect(assess(templating, broad).signal!.score).toBeLessThan(0.2);
  });

  it('does not count one prompt repeated as a template', () => {
    const events = Array.from({ length: 500 }, (_, i) => request(i, 'What is the capital of France?'));
    const { signal } = assess(templating, events);
    expect(signal!.evidence).toMatchObject({ templatedShare: 0, topTemplate: '' });
    expect(signal!.score).toBe(0);
  });

  it('sees arithmetic sweeps as one template with many fills', () => {
    const events = Array.from({ length: 400 }, (_, i) => request(i, `What is ${i * 7 + 3} * ${(i * 13) % 97}?`));
    const { signal } = assess(templating, events);
    expect(signal!.evidence).toMatchObject({ form: 'one template', topTemplateShare: 1 });
  });

  it('rewards ascending enumeration', () => {
    const ordered = assess(templating, sweep(600)).signal!;
    const shuffled = assess(
      templating,
      sweep(600).map((e, i) => ({ ...e, text: { ...e.text!, sequenceNumber: (i * 7919) % 600 } })),
    ).signal!;
    expect(ordered.evidence.longestAscendingRun).toBe(600);
    expect(shuffled.evidence.longestAscendingRun).toBeLessThan(10);
    const benchmark = Array.from({ length: 300 }, (_, i) => {
      const area = AREA_QUESTIONS[AREAS[i % AREAS.length]];
      return request(i, `Question ${i + 1}: ${area[i % area.length]}\nAnswer:`);
    });
    expect(assess(templating, benchmark).signal!.score).toBeGreaterThan(0.7);
  });

  it('abstains without prompt text or with too few prompts', () => {
    expect(assess(templating, Array.from({ length: 500 }, (_, i) => request(i, undefined))).signal).toBeNull();
    expect(assess(templating, sweep(20)).signal).toBeNull();
  });

  it('keeps a bounded state and is deterministic', () => {
    const state = templating.init();
    for (const e of distinctEvents(100_000)) templating.observe(state, e);
    expect(JSON.stringify(state).length).toBeLessThan(2000);
    expect(templating.assess(state, contextFor(100_000, 0, 1))).not.toBeNull();
    const heavy = templating.init();
    for (const e of sweep(3000)) templating.observe(heavy, e);
    expect(JSON.stringify(heavy).length).toBeLessThan(2000);
    const events = sweep(500);
    expect(assess(templating, events)).toEqual(assess(templating, events));
  });
});
