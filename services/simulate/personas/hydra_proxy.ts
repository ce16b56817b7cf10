import { ipAddress, sdkAgent } from '../network';
import { hydraPersona, instructionItem } from './hydra';

/**
 * A hydra behind residential proxies: every key exits from home addresses of its own and uses one
 * of a few SDK versions; its keys join over a day and work the same shifts.
 */
export const hydraProxy = hydraPersona({
  name: 'hydra_proxy',
  keysAtScale1: 60,
  prompt: (i) =>
    `### Task\n${instructionItem('hydra_proxy', i, 25)}\n\n### Requirements\nWrite a complete, expert-level answer. ` +
    'Explain every step of your reasoning before the conclusion, include a worked example, and finish with a one-paragraph summary.',
  launch: [10, 20],
  joinOverHours: 24,
  perDay: [15, 50],
  synchronised: true,
  client(plan, rng) {
    const agents = Array.from({ length: 3 }, () => sdkAgent(plan, 'python'));
    return { ips: Array.from({ length: 3 }, () => ipAddress(rng, 'home')), userAgents: [rng.pick(agents)], retries: 2, rateLimited: 0.005, serverError: 0.004 };
  },
  params: (_plan, rng) => ({ max_tokens: rng.pick([2048, 4096]), temperature: rng.pick([0.6, 0.8]) }),
});
