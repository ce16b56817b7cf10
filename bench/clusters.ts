/**
 * `npm run bench:clusters`: the cost of one cross-key step (detectors/clusters) over synthetic link
 * features of 10k and 100k keys: time, heap and candidate pairs, which should grow about linearly.
 * The population has what makes linking expensive: huge buckets (a NAT address, popular SDK
 * releases, one app's system prompt, common phrasing) beside hydra campaigns of 50 to 200 keys.
 * Usage: node --expose-gc dist/bench/clusters.js [--keys 10000,100000]
 */
import { parseArgs } from 'node:util';
import type { KeyLinkFeatures } from '../schemas/links';
import { newClusterState, runClusterStep } from '../detectors/clusters/stage';
import { Rng } from '../services/simulate/rng';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 4);
const NOW_HOUR = Math.floor(NOW / HOUR);

/** Index drawn with probability falling as 1/(rank+1): a few values are very common. */
function zipf(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(rng.next() * Math.log(n + 1))) - 1);
}

const token = (kind: string, i: number) => Rng.derive(1, kind, i).uint32();
const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

function hours(rng: Rng, count: number, from: number): number[] {
  return sorted(Array.from({ length: count }, () => NOW_HOUR - rng.int(0, from)));
}

function benignKey(rng: Rng, i: number): KeyLinkFeatures {
  const requests = rng.int(3, 400);
  const prompts = Math.round(requests * rng.range(0.8, 1));
  return {
    api_key_id: `key_b${i}`,
    account_id: `acct_b${Math.floor(i / 2)}`,
    first_ts: NOW - rng.int(1, 47) * HOUR,
    last_ts: NOW,
    requests,
    prompts,
    elicited: Math.round(prompts * rng.range(0, 0.1)),
    follow_ups: Math.round(prompts * rng.range(0, 0.7)),
    completion_tokens: requests * rng.int(20, 600),
    // 2% behind one NAT address; the rest on addresses of their own or a few shared.
    ips: [rng.chance(0.02) ? token('nat', 0) : token('ip', rng.int(0, 4_000_000))],
    ip_prefixes: [token('prefix', zipf(rng, 200_000))],
    user_agents: [token('ua', zipf(rng, 2000))],
    system_prompts: rng.chance(0.1) ? [token('app', zipf(rng, 50))] : [],
    templates: rng.chance(0.1) ? [token('template', zipf(rng, 5000))] : [],
    wording: rng.chance(0.3) ? sorted([token('phrase', zipf(rng, 300)), token('wording', rng.int(0, 1e9))]) : [],
    items: sorted(Array.from({ length: Math.min(8, prompts) }, () => rng.uint32())),
    areas: rng.uint32() & 0x7fffffff,
    active_hours: hours(rng, rng.int(1, 30), 47),
  };
}

function hydraKey(rng: Rng, campaign: number, i: number): KeyLinkFeatures {
  const c = Rng.derive(7, 'campaign', campaign);
  const script = Array.from({ length: 3 }, (_, p) => token(`script${p}`, campaign));
  const requests = rng.int(10, 120);
  return {
    api_key_id: `key_h${campaign}_${i}`,
    account_id: `acct_h${campaign}_${i}`,
    first_ts: NOW - rng.int(1, 30) * HOUR,
    last_ts: NOW,
    requests,
    prompts: requests,
    elicited: requests,
    follow_ups: 0,
    completion_tokens: requests * rng.int(800, 1400),
    ips: c.chance(0.5) ? [token(`pool${campaign}`, rng.int(0, 9))] : [token('ip', rng.int(0, 4_000_000))],
    ip_prefixes: [token('prefix', zipf(rng, 200_000))],
    user_agents: [token('ua', zipf(rng, 2000))],
    system_prompts: [],
    templates: c.chance(0.5) ? [token('template-h', campaign)] : [],
    wording: sorted(script),
    items: sorted(Array.from({ length: 8 }, () => rng.uint32())),
    areas: 1 << rng.int(0, 30),
    active_hours: hours(rng, rng.int(6, 30), 30),
  };
}

/** `n` keys, 15% of them in hydra campaigns of 50 to 200 keys. */
function population(n: number): KeyLinkFeatures[] {
  const rng = Rng.derive(n, 'population');
  const keys: KeyLinkFeatures[] = [];
  for (let campaign = 0; keys.length < n * 0.15; campaign++) {
    for (let i = rng.int(50, 200); i > 0; i--) keys.push(hydraKey(rng, campaign, i));
  }
  for (let i = 0; keys.length < n; i++) keys.push(benignKey(rng, i));
  return keys;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function main(): void {
  const { values } = parseArgs({ options: { keys: { type: 'string', default: '10000,100000' } } });
  console.log('keys      candidate pairs  strong links  clusters  step ms  heap MB: features  step (allocated)');
  for (const n of values.keys.split(',').map(Number)) {
    const before = heapMb();
    const batch = population(n);
    const features = heapMb() - before;
    const started = process.hrtime.bigint();
    const r = runClusterStep(newClusterState(), batch, NOW);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Before any collection: all the step allocated, an upper bound of what it held at once.
    const step = process.memoryUsage().heapUsed / 1e6 - before - features;
    const s = r.stats;
    console.log(
      `${String(n).padEnd(8)}  ${String(s.candidatePairs).padStart(15)}  ${String(s.strongLinks).padStart(12)}  ${String(s.clusters).padStart(8)}  ` +
        `${ms.toFixed(0).padStart(7)}  ${features.toFixed(0).padStart(16)}  ${step.toFixed(0).padStart(16)}`,
    );
  }
}

main();
