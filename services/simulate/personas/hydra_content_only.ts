import { ipAddress } from '../network';
import { hydraPersona, instructionItem } from './hydra';

/**
 * A hydra that shares no infrastructure: each key has its own address and its own browser build,
 * its own parameters and a human-looking day in its own time zone, and joins over a day and a
 * half. Only what it asks links its keys: one script's wording over slices of one dataset.
 */
export const hydraContentOnly = hydraPersona({
  name: 'hydra_content_only',
  keysAtScale1: 40,
  prompt: (i) =>
    `${instructionItem('hydra_content_only', i, 30)}\n\nRespond in two parts. First, a section titled Reasoning that works ` +
    'through the problem step by step without skipping anything. Second, a section titled Final answer with only the result.',
  launch: [4, 10],
  joinOverHours: 36,
  perDay: [20, 60],
  synchronised: false,
  client: (_plan, rng) => ({
    ips: [ipAddress(rng, rng.pick(['office', 'vpc'] as const))],
    userAgents: [
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${rng.int(124, 131)}.0.${rng.int(6000, 6800)}.${rng.int(50, 200)} Safari/537.36`,
    ],
    retries: 0,
    rateLimited: 0.003,
    serverError: 0.003,
  }),
  params: (_plan, rng) => ({ max_tokens: rng.pick([2048, 4096, 8192]), temperature: rng.pick([0.5, 0.7, 1]) }),
});
