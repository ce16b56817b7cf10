import { converse } from '../conversation';
import { MODELS } from '../models';
import { ipAddress, sdkAgent } from '../network';
import { developerFollowUp, developerOpening, LANGUAGES } from '../prompts/code';
import type { Client, Draft, RequestParams } from '../request';
import { dailyLevels, humanPause, MINUTE, OFFICE, pickTimeZone, rhythm, SECOND } from '../timing';
import { answerLength } from './answers';
import { sessions } from './sessions';
import type { Persona } from './types';

const IDE_SYSTEM_PROMPTS = [
  'You are a coding assistant integrated into the editor. Answer concisely and prefer code over prose. The user\'s workspace uses {lang}.',
  'You are an expert software engineer helping a colleague. Be direct. When you change code, show the full changed function.',
  'You are a helpful assistant.',
];

/**
 * A developer working with the model all day: debugging conversations on workdays with breaks,
 * code and stack traces pasted in, sometimes whole files, sometimes an agent loop with tools.
 */
export const heavyDeveloper: Persona = {
  name: 'heavy_developer',
  attacker: false,
  keysAtScale1: 24,
  accounts: { pool: 'org', keysPerAccount: [1, 4] },
  create(rng, _index, window) {
    const tz = pickTimeZone(rng);
    const turnsMean = rng.range(3, 8);
    const r = rhythm({
      // Conversations per workday; with the turns that makes roughly 100-400 requests.
      perDay: rng.range(40, 110),
      curve: OFFICE,
      tz,
      shift: rng.range(-1, 2.5),
      weekend: rng.chance(0.3) ? rng.range(0.1, 0.4) : 0.02,
      levels: dailyLevels(rng.uint32(), 0.08, 0.35),
    });
    const [lang, second] = rng.sample(LANGUAGES, 2);
    const longPastes = rng.range(0.2, 2);
    const agent = rng.chance(0.4);
    const tools = rng.int(3, 14);
    const system = rng.chance(0.5) ? rng.pick(IDE_SYSTEM_PROMPTS).replace('{lang}', lang) : undefined;
    const model = rng.weighted([[MODELS.large, 6], [MODELS.reasoning, 2], [MODELS.small, 1]] as const);
    const base: RequestParams = {};
    if (rng.chance(0.6)) base.max_tokens = rng.pick([1024, 2048, 4096, 8192]);
    if (rng.chance(0.5)) base.temperature = rng.pick([0, 0.2, 0.3]);
    if (rng.chance(0.6)) base.stream = true;
    const client: Client = {
      ips: [ipAddress(rng, 'office'), ipAddress(rng, 'home')],
      userAgents: [sdkAgent(rng, rng.pick(['python', 'node'] as const))],
      retries: 2,
      rateLimited: 0.003,
      serverError: 0.004,
    };

    function* session(start: number): Generator<Draft, number> {
      const l = rng.chance(0.8) ? lang : second;
      const withTools = agent && rng.chance(0.6);
      const params = withTools ? { ...base, tools } : base;
      const end = yield* converse(rng, client, {
        start,
        conversationId: `conv_${rng.hex(16)}`,
        turns: Math.min(30, rng.geometric(turnsMean)),
        ask: (turn, prev) => {
          const toolCall = withTools && rng.chance(0.35);
          const prompt = turn === 1 ? developerOpening(rng, l, longPastes) : developerFollowUp(rng, l, prev?.finish_reason === 'tool_calls');
          const answerTokens = toolCall ? rng.int(25, 180) : answerLength(rng, 480, 0.8, 20, 9000);
          return { model, system, prompt, params, answerTokens, toolCall };
        },
        pause: (prev, next) =>
          // An agent loop sends tool output back at once; a person reads, tries the code, types.
          prev.finish_reason === 'tool_calls'
            ? rng.range(0.2, 4) * SECOND
            : humanPause(rng, prev.completion_tokens, next.prompt) + rng.range(5, 120) * SECOND,
      });
      return end + rng.range(0.5, 8) * MINUTE;
    }
    return { events: sessions(rng, window, r, session) };
  },
};
