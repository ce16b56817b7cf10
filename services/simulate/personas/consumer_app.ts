import { converse } from '../conversation';
import { mergeStaggered } from '../merge';
import { MODELS } from '../models';
import { browserAgent, ipAddress, sdkAgent } from '../network';
import { casualFollowUp, casualOpening, type CasualMix } from '../prompts/casual';
import { INTERESTS, type Interest } from '../prompts/interests';
import type { Client, Draft } from '../request';
import type { Rng } from '../rng';
import { AUDIENCE, dailyLevels, humanPause, nextArrival, pickTimeZone, rhythm } from '../timing';
import { answerLength, asksForDetail } from './answers';
import type { Persona } from './types';

/** Kinds of app, by what their users mostly ask and the interest the app is about. */
const GENRES: readonly { app: string; about: string; interest?: string; mix: CasualMix; stepAsk: number }[] = [
  { app: 'Pocket', about: 'a general-purpose assistant', mix: { personal: 5, curiosity: 3, homework: 1, writing: 3, chat: 2 }, stepAsk: 0.04 },
  { app: 'StudyBuddy', about: 'a homework and study helper for students', mix: { personal: 1, curiosity: 6, homework: 6, writing: 2, chat: 0.5 }, stepAsk: 0.12 },
  { app: 'Forkful', about: 'a recipe and meal-planning app', interest: 'cooking', mix: { personal: 8, curiosity: 0.5, homework: 0, writing: 0.5, chat: 0.5 }, stepAsk: 0.03 },
  { app: 'Wayfarer', about: 'a travel planning app', interest: 'travel', mix: { personal: 8, curiosity: 1, homework: 0, writing: 1, chat: 0.5 }, stepAsk: 0.02 },
  { app: 'FitLoop', about: 'a fitness and wellbeing app', interest: 'fitness', mix: { personal: 8, curiosity: 1, homework: 0, writing: 0.3, chat: 0.5 }, stepAsk: 0.03 },
  { app: 'Hirewise', about: 'a job-search and career coaching app', interest: 'career', mix: { personal: 8, curiosity: 0.5, homework: 0, writing: 3, chat: 0.3 }, stepAsk: 0.02 },
];

const ASSISTANT_NAMES = ['Ava', 'Milo', 'Nova', 'Sage', 'Kai', 'Luna'];

/**
 * An app that forwards its end users' messages through one key: thousands of different people,
 * any topic, many short conversations at once, a strong daily rhythm and a fixed system prompt.
 */
export const consumerApp: Persona = {
  name: 'consumer_app',
  attacker: false,
  keysAtScale1: 6,
  accounts: { pool: 'org', keysPerAccount: [1, 2] },
  create(rng, _index, window) {
    const genre = rng.pick(GENRES);
    const name = rng.pick(ASSISTANT_NAMES);
    const system = `You are ${name}, a friendly assistant for the ${genre.app} app, ${genre.about}. Keep answers concise, warm and practical. Use simple formatting; users are on mobile, so avoid long tables. If a request is unsafe, politely decline.`;
    const turnsMean = rng.range(1.8, 3.5);
    const r = rhythm({
      perDay: rng.range(900, 5000),
      curve: AUDIENCE,
      tz: pickTimeZone(rng),
      weekend: rng.range(0.85, 1.25),
      levels: dailyLevels(rng.uint32(), 0, 0.15),
    });
    const focus = INTERESTS.find((i) => i.name === genre.interest);
    const model = rng.pick([MODELS.small, MODELS.large]);
    const params = { max_tokens: rng.pick([400, 600, 800, 1024, 1500]), temperature: rng.pick([0.6, 0.7, 0.8, 0.9]), stream: rng.chance(0.7) };
    // A backend proxy sends everything from a few servers; a client-side app from users' phones.
    const proxy = rng.chance(0.7);
    const server: Client = {
      ips: [ipAddress(rng, 'vpc'), ipAddress(rng, 'vpc'), ipAddress(rng, 'datacenter')],
      userAgents: [sdkAgent(rng, 'node')],
      retries: 2,
      rateLimited: rng.range(0.002, 0.02),
      serverError: 0.003,
    };
    const userClient = (u: Rng): Client =>
      proxy
        ? server
        : { ips: [ipAddress(u, u.chance(0.6) ? 'mobile' : 'home')], userAgents: [browserAgent(u)], retries: 0, rateLimited: server.rateLimited, serverError: 0.003 };

    function conversation(start: number, u: Rng): Generator<Draft, number> {
      const interest: Interest = focus && u.chance(0.7) ? focus : u.pick(INTERESTS);
      const sloppiness = u.next() ** 1.2;
      return converse(u, userClient(u), {
        start,
        conversationId: `conv_${u.hex(16)}`,
        turns: Math.min(25, u.geometric(turnsMean)),
        ask: (turn) => {
          const prompt = turn === 1 ? casualOpening(u, interest, genre.mix, sloppiness, genre.stepAsk) : casualFollowUp(u, interest, sloppiness);
          return { model, system, prompt, params, answerTokens: answerLength(u, asksForDetail(prompt) ? 420 : 230, 0.6, 5, 3000) };
        },
        pause: (prev, next) => humanPause(u, prev.completion_tokens, next.prompt),
      });
    }

    /** Conversations in order of their start; each has its own generator so they can interleave. */
    function* conversations(): Generator<Iterable<Draft>> {
      for (let t = window.start; ; ) {
        const start = nextArrival(rng, t, window.end, r);
        if (start === undefined) return;
        t = start;
        yield conversation(start, rng.fork());
      }
    }
    return { events: mergeStaggered(conversations(), (d) => d.t) };
  },
};
