import { sdkAgent } from '../network';
import { COMPETITION_MATH, GSM, MMLU, sweepPrompt } from '../prompts/benchmark';
import { hydraPersona } from './hydra';

/** The public sets swept one after another; a campaign larger than all of them starts over. */
const SETS = [MMLU, GSM, COMPETITION_MATH];
const TOTAL = SETS.reduce((n, set) => n + set.size, 0);

function item(index: number): string {
  let i = index % TOTAL;
  let s = 0;
  while (i >= SETS[s].size) i -= SETS[s++].size;
  return sweepPrompt(SETS[s], i, 0);
}

/**
 * A hydra harvesting worked answers to public benchmarks, slice by slice, in the public
 * simple-evals layout: the questions that evaluation runs send too. Its keys sit in two mobile
 * /64 networks behind one HTTP client and start within hours of each other late on the first day.
 */
export const hydraBenchmark = hydraPersona({
  name: 'hydra_benchmark',
  keysAtScale1: 24,
  prompt: item,
  launch: [16, 22],
  joinOverHours: 6,
  perDay: [30, 80],
  synchronised: true,
  client(plan, rng) {
    const networks = Array.from({ length: 2 }, () => `2001:db8:${plan.hex(4)}:${plan.hex(4)}`);
    return { ips: [`${rng.pick(networks)}::${rng.hex(3)}`], userAgents: [sdkAgent(plan, 'http')], retries: 2, rateLimited: 0.01, serverError: 0.004 };
  },
  params: () => ({ max_tokens: 2048, temperature: 0.6 }),
});
