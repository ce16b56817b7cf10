import { mergeByTime } from '../merge';
import { MODELS } from '../models';
import { ipAddress, sdkAgent } from '../network';
import { CAPABILITIES, instruction, instructStyle, sweepPosition } from '../prompts/instruct';
import { doneAt, send, type Client, type Draft, type RequestParams } from '../request';
import { HOUR, MINUTE } from '../timing';
import { answerLength } from './answers';
import type { Persona } from './types';

const SYSTEM_PROMPTS = [
  'You are a helpful assistant.',
  'You are a world-class expert. Provide thorough, accurate and well-structured answers.',
  'You are a helpful, knowledgeable assistant. Answer the user\'s request as completely and accurately as possible, with explanations.',
];

/**
 * A new key that ramps up within hours to thousands of requests a day from parallel workers,
 * around the clock, sweeping capability area after area with instruction-style prompts and
 * asking for long answers that often hit max_tokens.
 */
export const bulkDistiller: Persona = {
  name: 'bulk_distiller',
  attacker: true,
  keysAtScale1: 6,
  accounts: { pool: 'bulk_distiller', keysPerAccount: [1, 3] },
  create(rng, _index, window) {
    const start = window.start + rng.range(0, 0.4) * (window.end - window.start);
    const workers = rng.int(3, 14);
    const ramp = rng.range(1, 10) * HOUR;
    const order = rng.shuffle(CAPABILITIES.map((_, i) => i));
    const block = rng.int(50, 400);
    const style = instructStyle(rng);
    const system = rng.chance(0.5) ? rng.pick(SYSTEM_PROMPTS) : undefined;
    const model = rng.chance(0.7) ? MODELS.large : MODELS.reasoning;
    const params: RequestParams = { max_tokens: rng.pick([4096, 4096, 8192, 16384]) };
    const temperature = rng.pick([0, 0.7, 0.8, 1, undefined]);
    if (temperature !== undefined) params.temperature = temperature;
    const median = rng.range(0.5, 1.1) * Math.min(params.max_tokens ?? 4096, 6000);
    const client: Client = {
      ips: Array.from({ length: rng.int(1, 5) }, () => ipAddress(rng, 'datacenter')),
      userAgents: [sdkAgent(rng, 'python')],
      retries: 2,
      rateLimited: rng.range(0.01, 0.06),
      serverError: 0.005,
    };
    // The workers share one queue of prompts, taken in the order the merged stream asks for them.
    let taken = 0;
    const next = (): string => {
      const { capability, step } = sweepPosition(order, taken++, block);
      return instruction(rng, capability, step, style);
    };

    function* worker(i: number): Generator<Draft> {
      let t = start + (ramp * i) / workers + rng.range(0, 5000);
      for (;;) {
        const d = yield* send(rng, client, { t, model, system, prompt: next(), params, turn: 1, answerTokens: answerLength(rng, median, 0.45, 200) });
        t = doneAt(d) + rng.exponential(400);
        // Now and then a worker crashes and is restarted.
        if (rng.chance(0.0005)) t += rng.range(5, 60) * MINUTE;
      }
    }
    return { events: mergeByTime(Array.from({ length: workers }, (_, i) => worker(i)), (d) => d.t) };
  },
};
