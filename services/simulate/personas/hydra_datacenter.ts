import { ipAddress } from '../network';
import { hydraPersona, instructionItem } from './hydra';

const SCRIPT =
  'You are helping to build a high-quality reasoning dataset. Read the task below carefully. First think ' +
  'through the problem in detail inside <reasoning> tags, considering alternatives, then give a concise ' +
  'final answer inside <answer> tags.';

/**
 * A hydra run from one datacenter: its keys share a small pool of addresses and one HTTP client,
 * start within two hours of each other and work the same shifts.
 */
export const hydraDatacenter = hydraPersona({
  name: 'hydra_datacenter',
  keysAtScale1: 120,
  prompt: (i) => `${SCRIPT}\n\nTask: ${instructionItem('hydra_datacenter', i, 40)}`,
  launch: [6, 14],
  joinOverHours: 2,
  perDay: [20, 60],
  synchronised: true,
  client(plan, rng) {
    const pool = Array.from({ length: 10 }, () => ipAddress(plan, 'datacenter'));
    return { ips: rng.sample(pool, 2), userAgents: [`python-httpx/0.27.${plan.int(0, 2)}`], retries: 2, rateLimited: 0.01, serverError: 0.004 };
  },
  params: () => ({ max_tokens: 4096, temperature: 0.7 }),
});
