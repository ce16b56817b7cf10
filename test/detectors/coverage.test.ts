import { createCoverageDetector } from '../../detectors/coverage';
import type { EventFeatures } from '../../detectors/types';
import { SignalSchema } from '../../schemas/signal';
import { AREA_QUESTIONS, AREAS, assess, broadQuestion, distinctEvents, PERSON_THREADS, request } from './prompts';
import { contextFor } from './traffic';

const coverage = createCoverageDetector();

/** Random-order sweep: every area from the start. */
function interleaved(n: number): EventFeatures[] {
  return Array.from({ length: n }, (_, i) => request(i, broadQuestion(i)));
}

/** Area after area, as a sweep that works through a capability list. */
function sequential(n: number): EventFeatures[] {
  const per = Math.ceil(n / AREAS.length);
  return Array.from({ length: n }, (_, i) => request(i, broadQuestion(Math.floor(i / per) + AREAS.length * (i % per))));
}

/** An evaluation run: enumerated multiple-choice questions over every area, within two hours. */
function evaluation(n: number): EventFeatures[] {
  return Array.from({ length: n }, (_, i) => {
    const area = AREA_QUESTIONS[AREAS[i % AREAS.length]];
    const q = area[Math.floor(i / AREAS.length) % area.length];
    const prompt = `Question ${i + 1}: ${q}\nA) first\nB) second\nC) third\nD) none of these\nAnswer:`;
    return request(i, prompt, { ts: Date.UTC(2026, 0, 5) + i * 2000 });
  });
}

describe('coverage', () => {
  it('sees an even spread over many areas as clearly present', () => {
    const { signal } = assess(coverage, interleaved(1500));
    expect(SignalSchema.parse(signal)).toBeTruthy();
    expect(signal!.score).toBeGreaterThan(0.45);
    expect(signal!.score).toBeLessThan(0.7);
    expect(signal!.evidence.capabilityAreas).toBeGreaterThanOrEqual(25);
    expect(signal!.evidence.lateAreaShare).toBe(0);
  });

  it('scores a sweep that keeps reaching new areas as strong', () => {
    const { signal } = assess(coverage, sequential(1500));
    expect(signal!.score).toBeGreaterThan(0.8);
    expect(signal!.evidence.lateAreaShare).toBeGreaterThan(0.8);
    expect(signal!.summary).toMatch(/^Prompts spread over \d+ of \d+ capability areas \(evenness \d\.\d+; /);
  });

  it('reports an evaluation run honestly, with its duration and benchmark form', () => {
    const { signal } = assess(coverage, evaluation(1200));
    expect(signal!.score).toBeGreaterThan(0.8);
    expect(signal!.evidence).toMatchObject({ benchmarkShare: 1, multipleChoiceShare: 1 });
    expect(signal!.evidence.durationHours).toBeLessThan(1);
    expect(signal!.summary).toMatch(/100% in benchmark form \(100% multiple choice\); over 0\.7 hours/);
  });

  it('stays low for a person with a few interests', () => {
    const events: EventFeatures[] = [];
    for (let i = 0; events.length < 600; i++) {
      for (const p of PERSON_THREADS[i % PERSON_THREADS.length]) events.push(request(events.length, p));
    }
    const { signal } = assess(coverage, events);
    expect(signal === null || signal.score < 0.05).toBe(true);
  });

  it('abstains without prompt text or with too few topical prompts', () => {
    expect(assess(coverage, Array.from({ length: 500 }, (_, i) => request(i, undefined))).signal).toBeNull();
    expect(assess(coverage, interleaved(40)).signal).toBeNull();
    const chat = Array.from({ length: 300 }, (_, i) => request(i, `hello there ${i}, how are you?`));
    expect(assess(coverage, chat).signal).toBeNull();
  });

  it('keeps a bounded state and is deterministic', () => {
    const state = coverage.init();
    for (const e of distinctEvents(100_000)) coverage.observe(state, e);
    expect(JSON.stringify(state).length).toBeLessThan(1500);
    expect(coverage.assess(state, contextFor(100_000, 0, 1))).not.toBeNull();
    const events = sequential(600);
    expect(assess(coverage, events)).toEqual(assess(coverage, events));
  });
});
