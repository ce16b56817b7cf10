import { MODELS } from '../models';
import { browserAgent, ipAddress, sdkAgent } from '../network';
import { CAPABILITIES, instruction, instructStyle, sweepPosition } from '../prompts/instruct';
import { doneAt, send, type Client, type Draft } from '../request';
import { dailyLevels, LEISURE, OFFICE, pickTimeZone, rhythm, SECOND } from '../timing';
import { answerLength } from './answers';
import { sessions } from './sessions';
import type { Persona } from './types';

/**
 * A harvester that hides in human volume and timing (tens to a few hundred requests a day, in
 * sessions during waking hours) but whose content is a round-robin sweep: single-turn
 * instructions, each on a new topic, asking for exhaustive answers that run to the cap.
 */
export const lowAndSlow: Persona = {
  name: 'low_and_slow',
  attacker: true,
  keysAtScale1: 10,
  accounts: { pool: 'low_and_slow', keysPerAccount: [1, 2] },
  create(rng, _index, window) {
    const burstMean = rng.range(3, 10);
    const r = rhythm({
      perDay: rng.range(50, 300) / burstMean,
      curve: rng.chance(0.5) ? LEISURE : OFFICE,
      tz: pickTimeZone(rng),
      shift: rng.range(-1, 2),
      weekend: rng.range(0.3, 1),
      levels: dailyLevels(rng.uint32(), rng.range(0, 0.2), 0.4),
    });
    const order = rng.shuffle(CAPABILITIES.map((_, i) => i));
    const style = instructStyle(rng);
    const model = rng.chance(0.7) ? MODELS.large : MODELS.reasoning;
    const maxTokens = rng.pick([2048, 4096, 4096, 8192]);
    const params = { max_tokens: maxTokens, temperature: rng.pick([0.7, 1, 0.5]) };
    const chatLike = rng.chance(0.4);
    const client: Client = {
      ips: Array.from({ length: rng.int(1, 4) }, () => ipAddress(rng, rng.pick(['home', 'datacenter'] as const))),
      userAgents: [rng.chance(0.3) ? browserAgent(rng) : sdkAgent(rng, 'python')],
      retries: chatLike ? 0 : 2,
      rateLimited: 0.003,
      serverError: 0.003,
    };
    let taken = 0;

    function* session(start: number): Generator<Draft, number> {
      let t = start;
      for (let k = rng.geometric(burstMean); k > 0; k--) {
        const { capability, step } = sweepPosition(order, taken++, 1);
        const d = yield* send(rng, client, {
          t, model, params, turn: 1,
          prompt: instruction(rng, capability, step, style),
          // A chat-like client opens a new conversation for every prompt.
          conversationId: chatLike ? `conv_${rng.hex(16)}` : undefined,
          answerTokens: answerLength(rng, maxTokens * rng.range(0.7, 1.05), 0.3, 300),
        });
        t = doneAt(d) + rng.logNormal(60 * SECOND, 0.7);
      }
      return t;
    }
    return { events: sessions(rng, window, r, session) };
  },
};
