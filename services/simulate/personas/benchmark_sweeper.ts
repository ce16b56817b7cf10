import { MODELS } from '../models';
import { ipAddress, sdkAgent } from '../network';
import { COMPETITION_MATH, GSM, MMLU, SWEEP_LAYOUT_COUNT, sweepPrompt, type Benchmark } from '../prompts/benchmark';
import { send, type Client, type Draft, type RequestParams } from '../request';
import type { Rng } from '../rng';
import { HOUR, jittered, MINUTE, SECOND } from '../timing';
import { answerLength } from './answers';
import type { Persona } from './types';

interface Sweep {
  bench: Benchmark;
  /** First item and number of items of the slice swept. */
  first: number;
  count: number;
}

function nextSweep(rng: Rng): Sweep {
  const bench = rng.weighted([[MMLU, 3], [GSM, 2], [COMPETITION_MATH, 2]] as const);
  const count = Math.min(bench.size, rng.int(150, 800));
  return { bench, first: rng.int(0, bench.size - count), count };
}

/**
 * Harvests answer distributions: every question of a benchmark-like slice is asked many times
 * (repeated requests or n > 1) at a sampling temperature, with worked answers requested.
 */
export const benchmarkSweeper: Persona = {
  name: 'benchmark_sweeper',
  attacker: true,
  keysAtScale1: 6,
  accounts: { pool: 'benchmark_sweeper', keysPerAccount: [1, 2] },
  create(rng, _index, window) {
    const samples = rng.pick([8, 16, 16, 32]);
    // Samples per request: all at once with n, in chunks, or one per request.
    const perRequest = rng.pick([samples, 4, 8, 1, 1]);
    const requestsPerItem = Math.ceil(samples / perRequest);
    const itemMajor = rng.chance(0.6);
    const layout = rng.int(0, SWEEP_LAYOUT_COUNT - 1);
    const every = rng.logNormal(10, 0.5) * SECOND;
    const model = rng.chance(0.6) ? MODELS.large : MODELS.reasoning;
    const params: RequestParams = { temperature: rng.pick([0.7, 0.8, 1]), max_tokens: rng.pick([1024, 2048, 4096]) };
    if (perRequest > 1) params.n = perRequest;
    if (rng.chance(0.3)) params.top_p = 0.95;
    const median = rng.range(350, 1100);
    const client: Client = {
      ips: Array.from({ length: rng.int(1, 3) }, () => ipAddress(rng, rng.pick(['datacenter', 'vpc'] as const))),
      userAgents: [sdkAgent(rng, 'python')],
      retries: 2,
      rateLimited: 0.015,
      serverError: 0.004,
    };
    const firstStart = window.start + rng.range(0, 12) * HOUR;

    function* events(): Generator<Draft> {
      for (let t = firstStart; ; t += rng.range(10, 360) * MINUTE) {
        const { bench, first, count } = nextSweep(rng);
        const total = count * requestsPerItem;
        for (let k = 0; k < total; k++) {
          const item = first + (itemMajor ? Math.floor(k / requestsPerItem) : k % count);
          const d = yield* send(rng, client, {
            t, model, params, turn: 1,
            prompt: sweepPrompt(bench, item, layout),
            answerTokens: answerLength(rng, median, 0.5, 60),
          });
          t = Math.max(t + jittered(rng, every, 0.4), d.t + 1);
        }
      }
    }
    return { events: events() };
  },
};
