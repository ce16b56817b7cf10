import { converse } from '../conversation';
import { MODELS } from '../models';
import { browserAgent, ipAddress, sdkAgent } from '../network';
import { casualFollowUp, casualOpening } from '../prompts/casual';
import { INTERESTS } from '../prompts/interests';
import type { Client, Draft } from '../request';
import type { Rng } from '../rng';
import { dailyLevels, humanPause, LEISURE, MINUTE, pickTimeZone, rhythm } from '../timing';
import { answerLength, asksForDetail } from './answers';
import { sessions } from './sessions';
import type { KeyPlan, Persona, PersonaOptions } from './types';

/** How a person's requests reach the API: a browser (streamed) or a script, and an app's system prompt. */
export interface CasualSetup {
  web: boolean;
  client: Client;
  system?: string;
}

/** The person's own browser or script. */
function ownSetup(rng: Rng): CasualSetup {
  const web = rng.chance(0.7);
  const client: Client = web
    ? { ips: [ipAddress(rng, 'home'), ipAddress(rng, 'mobile')], userAgents: [browserAgent(rng), browserAgent(rng)], retries: 0, rateLimited: 0.001, serverError: 0.003 }
    : { ips: [ipAddress(rng, 'home')], userAgents: [sdkAgent(rng, rng.pick(['python', 'node'] as const))], retries: 2, rateLimited: 0.002, serverError: 0.003 };
  return { web, client };
}

/**
 * An ordinary person: a few sessions a day in waking hours of their time zone, short
 * conversations about a handful of personal interests, typed casually.
 */
export const casualUser: Persona = {
  name: 'casual_user',
  attacker: false,
  keysAtScale1: 250,
  accounts: { pool: 'personal', keysPerAccount: [1, 2] },
  create: (rng, _index, window) => casualPerson(rng, window, ownSetup),
};

/** One person's casual use; `setup` says how their requests reach the API. */
export function casualPerson(rng: Rng, window: PersonaOptions, setup: (rng: Rng) => CasualSetup): KeyPlan {
  const tz = pickTimeZone(rng);
  const r = rhythm({
    perDay: Math.min(10, rng.logNormal(2.2, 0.7)),
    curve: LEISURE,
    tz,
    shift: rng.range(-1.5, 2),
    weekend: rng.range(0.5, 1.6),
    levels: dailyLevels(rng.uint32(), rng.range(0.1, 0.5), 0.5),
  });
  const turnsMean = rng.range(1.8, 5);
  const interests = rng.sample(INTERESTS, rng.int(2, 4));
  const mix = {
    personal: rng.range(3, 8),
    curiosity: rng.range(0.5, 3),
    homework: rng.chance(0.25) ? rng.range(1, 4) : 0.2,
    writing: rng.range(0.5, 2.5),
    chat: rng.range(0.2, 1.5),
  };
  const sloppiness = rng.next() ** 1.3;
  const stepAsk = rng.range(0.01, 0.06);
  const { web, client, system } = setup(rng);
  const model = rng.weighted([[MODELS.large, 5], [MODELS.small, 3], [MODELS.reasoning, 1], [MODELS.legacy, 1]] as const);
  const params = web
    ? { stream: true }
    : { max_tokens: rng.pick([256, 512, 1000, 1024, 2048]), temperature: rng.pick([0.7, 1, 0.5]) };

  function* session(start: number): Generator<Draft, number> {
    let t = start;
    for (let c = rng.chance(0.2) ? 2 : 1; c > 0; c--) {
      const interest = rng.pick(interests);
      t = yield* converse(rng, client, {
        start: t,
        conversationId: `conv_${rng.hex(16)}`,
        turns: Math.min(20, rng.geometric(turnsMean)),
        ask: (turn) => {
          const prompt = turn === 1 ? casualOpening(rng, interest, mix, sloppiness, stepAsk) : casualFollowUp(rng, interest, sloppiness);
          const median = (turn === 1 ? 320 : 200) * (asksForDetail(prompt) ? 1.8 : 1);
          return { model, system, prompt, params, answerTokens: answerLength(rng, median, 0.7, 5, 4000) };
        },
        pause: (prev, next) => humanPause(rng, prev.completion_tokens, next.prompt),
      });
      t += rng.range(0.5, 10) * MINUTE;
    }
    return t;
  }
  return { events: sessions(rng, window, r, session) };
}
