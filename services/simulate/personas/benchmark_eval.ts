import { MODELS, type Model } from '../models';
import { ipAddress, sdkAgent } from '../network';
import { evalPrompt, GSM, MMLU, MMLU_PER_SUBJECT, type Benchmark } from '../prompts/benchmark';
import type { Rng } from '../rng';
import { send, type Client, type Draft, type RequestParams } from '../request';
import { HOUR, isWeekend, jittered, localDay, localDayStart, MINUTE, pickTimeZone } from '../timing';
import type { Persona } from './types';

/** The items one evaluation run asks, each once: a slice of every subject, or the first N. */
function runItems(rng: Rng, bench: Benchmark): number[] {
  if (bench === MMLU) {
    const perSubject = rng.int(5, 35);
    const items: number[] = [];
    for (let s = 0; s < bench.size / MMLU_PER_SUBJECT; s++) {
      for (let k = 0; k < perSubject; k++) items.push(s * MMLU_PER_SUBJECT + k);
    }
    return items;
  }
  return Array.from({ length: rng.int(250, bench.size) }, (_, i) => i);
}

/**
 * A one-off evaluation of a public benchmark: every question once, over an hour or two on one
 * working day, templated, with one-letter or one-number answers and often logprobs.
 */
export const benchmarkEval: Persona = {
  name: 'benchmark_eval',
  attacker: false,
  keysAtScale1: 10,
  accounts: { pool: 'org', keysPerAccount: [1, 4] },
  create(rng, _index, window) {
    const tz = pickTimeZone(rng);
    const bench = rng.chance(0.7) ? MMLU : GSM;
    const items = runItems(rng, bench);
    const shots = bench === MMLU ? rng.pick([0, 5]) : rng.pick([0, 5, 8]);
    const params: RequestParams = { temperature: 0, max_tokens: bench === MMLU ? rng.pick([1, 1, 2, 5]) : rng.pick([8, 12, 16]) };
    if (rng.chance(0.7)) {
      params.logprobs = true;
      params.top_logprobs = rng.pick([5, 10, 20]);
    }
    const endpoint = rng.chance(0.4) ? '/v1/completions' : undefined;
    const models: Model[] = rng.chance(0.3) ? [MODELS.large, rng.pick([MODELS.small, MODELS.legacy])] : [rng.pick([MODELS.large, MODELS.small])];
    const duration = rng.range(0.75, 2) * HOUR;
    const client: Client = {
      ips: [ipAddress(rng, rng.pick(['office', 'vpc'] as const))],
      userAgents: [sdkAgent(rng, 'python')],
      retries: 2,
      rateLimited: 0.01,
      serverError: 0.003,
    };
    // A working day inside the window, if there is one.
    const days: number[] = [];
    for (let d = localDay(window.start, tz); localDayStart(d, tz) < window.end - 4 * HOUR; d++) days.push(d);
    const workdays = days.filter((d) => !isWeekend(localDayStart(d, tz) + 12 * HOUR, tz));
    if (days.length === 0) return { events: [] };
    const day = rng.pick(workdays.length > 0 ? workdays : days);
    const firstStart = Math.max(window.start, localDayStart(day, tz) + rng.range(9, 17) * HOUR);

    function* events(): Generator<Draft> {
      let t = firstStart;
      for (const model of models) {
        const every = duration / items.length;
        for (const index of items) {
          const d = yield* send(rng, client, {
            t, model, endpoint, prompt: evalPrompt(bench, index, shots), params, turn: 1,
            answerTokens: rng.int(1, bench === MMLU ? 2 : 5),
          });
          t = Math.max(t + jittered(rng, every, 0.3), d.t + 1);
        }
        t += rng.range(10, 60) * MINUTE;
      }
    }
    return { events: events() };
  },
};
