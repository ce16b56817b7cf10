import type { RequestLogEventInput } from '../../schemas/event';
import { simulate } from '../../services/simulate';
import { REASONING_DEMANDS } from '../../services/simulate/prompts/reasoning';

/**
 * The traits each persona promises the detector authors: these are what make the benign side
 * hard (volume, templates, step-by-step asks) and the attacker side realistic.
 */
const DAYS = 2;
const sim = simulate({ seed: 21, days: DAYS, scale: 0.3 });
const byPersona = new Map<string, Map<string, RequestLogEventInput[]>>();
for (const e of sim.events) {
  const persona = sim.labels[e.api_key_id].persona;
  const keys = byPersona.get(persona) ?? new Map<string, RequestLogEventInput[]>();
  byPersona.set(persona, keys);
  const es = keys.get(e.api_key_id) ?? [];
  keys.set(e.api_key_id, es);
  es.push(e);
}
const keysOf = (persona: string) => [...(byPersona.get(persona) ?? new Map()).values()] as RequestLogEventInput[][];
const all = (persona: string) => keysOf(persona).flat();
const share = (es: RequestLogEventInput[], f: (e: RequestLogEventInput) => boolean) => es.filter(f).length / es.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (e: RequestLogEventInput) => Date.parse(e.ts as string);
const multiTurn = (e: RequestLogEventInput) => (e.turn ?? 1) > 1;

describe('persona traits', () => {
  it('keeps token counts consistent with the text and the limits', () => {
    const inconsistent = [...byPersona.values()]
      .flatMap((m) => [...m.values()].flat())
      .filter((e) => {
        const cap = (e.params?.max_tokens ?? Infinity) * (e.params?.n ?? 1);
        return (
          e.prompt_tokens < Math.ceil(((e.prompt ?? '').length + (e.system_prompt ?? '').length) / 4) ||
          e.completion_tokens > cap ||
          (e.status !== 200 && e.completion_tokens !== 0)
        );
      });
    expect(inconsistent).toEqual([]);
  });

  it('casual users: a few to a few dozen requests a day in multi-turn conversations', () => {
    const perDay = keysOf('casual_user').map((es) => es.length / DAYS);
    expect(median(perDay)).toBeGreaterThanOrEqual(2);
    expect(median(perDay)).toBeLessThanOrEqual(40);
    expect(share(all('casual_user'), multiTurn)).toBeGreaterThan(0.3);
    expect(share(all('casual_user'), (e) => e.finish_reason === 'stop')).toBeGreaterThan(0.85);
  });

  it('pipelines: one template and system prompt per key, temperature 0, regular pace, short answers', () => {
    for (const es of keysOf('pipeline')) {
      expect(new Set(es.map((e) => e.system_prompt)).size).toBe(1);
      expect(new Set(es.map((e) => e.prompt!.slice(0, 30))).size).toBeLessThanOrEqual(2);
      expect(es.every((e) => e.turn === 1 && e.params?.temperature === 0 && (e.params?.max_tokens ?? 0) <= 512)).toBe(true);
      expect(new Set(es.map((e) => e.prompt)).size / es.length).toBeGreaterThan(0.8);
      const gaps = es.slice(1).map((e, i) => ms(e) - ms(es[i])).filter((g) => g < 60_000);
      const m = median(gaps);
      expect(gaps.filter((g) => Math.abs(g - m) < m * 0.5).length / gaps.length).toBeGreaterThan(0.8);
    }
  });

  it('benchmark evals: every question once per model, within a few hours, one-token answers', () => {
    for (const es of keysOf('benchmark_eval')) {
      // Retries repeat a prompt; answered requests never do.
      const answered = es.filter((e) => e.status === 200);
      expect(new Set(answered.map((e) => `${e.model}|${e.prompt}`)).size).toBe(answered.length);
      expect(ms(es[es.length - 1]) - ms(es[0])).toBeLessThan(6 * 3600_000);
      expect(es.every((e) => (e.params?.max_tokens ?? 99) <= 16 && e.params?.temperature === 0)).toBe(true);
    }
  });

  it('developers: long-ish multi-turn coding sessions, some very long prompts', () => {
    const es = all('heavy_developer');
    expect(share(es, multiTurn)).toBeGreaterThan(0.5);
    expect(es.some((e) => e.prompt!.length > 1500)).toBe(true);
    expect(median(keysOf('heavy_developer').map((k) => k.length / DAYS))).toBeGreaterThan(80);
  });

  it('consumer apps: one system prompt, thousands of requests, many conversations', () => {
    for (const es of keysOf('consumer_app')) {
      expect(new Set(es.map((e) => e.system_prompt)).size).toBe(1);
      expect(es.length / DAYS).toBeGreaterThan(1000);
      expect(new Set(es.map((e) => e.conversation_id)).size).toBeGreaterThan(es.length / 5);
      expect(share(es, multiTurn)).toBeGreaterThan(0.3);
    }
  });

  it('benign users also ask for step-by-step answers sometimes (no attacker-only keyword)', () => {
    const benign = [...all('casual_user'), ...all('consumer_app')];
    expect(benign.some((e) => /step by step/i.test(e.prompt!))).toBe(true);
  });

  it('bulk distillers: thousands a day, single-turn, high max_tokens, answers hitting the cap', () => {
    const es = all('bulk_distiller');
    expect(es.every((e) => e.turn === 1 && (e.params?.max_tokens ?? 0) >= 4096)).toBe(true);
    expect(share(es, (e) => e.finish_reason === 'length')).toBeGreaterThan(0.05);
    expect(Math.max(...keysOf('bulk_distiller').map((k) => k.length / DAYS))).toBeGreaterThan(2000);
  });

  it('low-and-slow: human volume, single-turn, long answers', () => {
    for (const es of keysOf('low_and_slow')) {
      expect(es.length / DAYS).toBeLessThan(500);
      expect(es.every((e) => e.turn === 1)).toBe(true);
    }
    expect(median(all('low_and_slow').map((e) => e.completion_tokens))).toBeGreaterThan(1500);
  });

  it('reasoning extractors: most requests ask for the full reasoning', () => {
    const es = all('reasoning_extractor');
    const asks = (e: RequestLogEventInput) => !!e.system_prompt || REASONING_DEMANDS.some((d) => e.prompt!.includes(d));
    expect(share(es, asks)).toBeGreaterThan(0.7);
  });

  it('benchmark sweepers: each question sampled many times at a sampling temperature', () => {
    for (const es of keysOf('benchmark_sweeper')) {
      const samples = new Map<string, number>();
      for (const e of es) samples.set(e.prompt!, (samples.get(e.prompt!) ?? 0) + (e.params?.n ?? 1));
      expect(median([...samples.values()])).toBeGreaterThanOrEqual(8);
      expect(es.every((e) => (e.params?.temperature ?? 0) >= 0.7)).toBe(true);
    }
  });
});
