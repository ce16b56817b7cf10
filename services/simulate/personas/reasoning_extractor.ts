import { MODELS } from '../models';
import { ipAddress, sdkAgent } from '../network';
import { REASONING_DEMANDS, REASONING_SYSTEM_PROMPTS, reasoningProblem } from '../prompts/reasoning';
import { send, type Client, type Draft, type RequestParams } from '../request';
import { AUDIENCE, FLAT, nextArrival, OFFICE, pickTimeZone, rhythm } from '../timing';
import { answerLength } from './answers';
import type { Persona } from './types';

/**
 * Harvests reasoning traces: maths, logic and science problems with instructions (in the prompt,
 * a system prompt, or both) to write out the full chain of thought, often with logprobs, at a
 * moderate scripted pace.
 */
export const reasoningExtractor: Persona = {
  name: 'reasoning_extractor',
  attacker: true,
  keysAtScale1: 8,
  accounts: { pool: 'reasoning_extractor', keysPerAccount: [1, 2] },
  create(rng, _index, window) {
    const r = rhythm({
      perDay: rng.range(300, 2500),
      // Half run around the clock, half only while someone watches the script.
      curve: rng.chance(0.5) ? FLAT : rng.pick([OFFICE, AUDIENCE]),
      tz: pickTimeZone(rng),
    });
    const system = rng.chance(0.5) ? rng.pick(REASONING_SYSTEM_PROMPTS) : undefined;
    const demand = system ? rng.range(0, 0.8) : rng.range(0.7, 1);
    const demands = rng.sample(REASONING_DEMANDS, rng.int(1, 4));
    const model = rng.chance(0.5) ? MODELS.reasoning : MODELS.large;
    const params: RequestParams = { max_tokens: rng.pick([8192, 16384, 32768]), temperature: rng.pick([0, 0.6, 0.7, 1]) };
    if (rng.chance(0.6)) {
      params.logprobs = true;
      params.top_logprobs = rng.pick([5, 10, 20]);
    }
    const median = rng.range(2000, 6000);
    const client: Client = {
      ips: Array.from({ length: rng.int(1, 3) }, () => ipAddress(rng, rng.pick(['datacenter', 'vpc'] as const))),
      userAgents: [sdkAgent(rng, rng.pick(['python', 'http'] as const))],
      retries: 2,
      rateLimited: 0.01,
      serverError: 0.004,
    };

    function* events(): Generator<Draft> {
      for (let t = window.start; ; ) {
        const at = nextArrival(rng, t, window.end, r);
        if (at === undefined) return;
        let prompt = reasoningProblem(rng);
        if (rng.chance(demand)) prompt += (rng.chance(0.8) ? ' ' : '\n\n') + rng.pick(demands);
        const d = yield* send(rng, client, { t: at, model, system, prompt, params, turn: 1, answerTokens: answerLength(rng, median, 0.5, 300) });
        // Requests overlap (the script runs a few in parallel); the next comes after any retries.
        t = d.t;
      }
    }
    return { events: events() };
  },
};
