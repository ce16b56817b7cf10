import type { AccountView, AssessContext, Detector, EventFeatures } from '../../detectors/types';

/** Crafted traffic for detector tests: seeded, so every run sees the same events. */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-01-05 00:00 UTC. */
export const T0 = Date.UTC(2026, 0, 5);

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponential waiting time with the given mean. */
export function expo(r: () => number, mean: number): number {
  return -Math.log(1 - r()) * mean;
}

let seq = 0;

/** One event with plain defaults: a successful single-turn chat request. */
export function ev(ts: number, over: Partial<EventFeatures> = {}): EventFeatures {
  return {
    requestId: `r${seq++}`,
    ts: Math.round(ts),
    apiKeyId: 'k1',
    accountId: 'a1',
    promptTokens: 200,
    completionTokens: 300,
    status: 200,
    finishReason: 'stop',
    maxTokens: undefined,
    temperature: undefined,
    n: 1,
    logprobs: false,
    topLogprobs: 0,
    tools: 0,
    stream: false,
    turn: undefined,
    conversationId: undefined,
    latencyMs: undefined,
    ip: undefined,
    userAgent: undefined,
    text: undefined,
    ...over,
  };
}

/** Folds events into a fresh state the way the engine does and returns it with its context. */
export function run<S>(
  d: Detector<S>,
  events: readonly EventFeatures[],
  account: Partial<AccountView> = {},
): { state: S; ctx: AssessContext } {
  const state = d.init();
  let firstTs = Infinity;
  let lastTs = -Infinity;
  for (const e of events) {
    d.observe(state, e);
    firstTs = Math.min(firstTs, e.ts);
    lastTs = Math.max(lastTs, e.ts);
  }
  const ctx = contextFor(events.length, firstTs, lastTs, account);
  return { state, ctx };
}

export function contextFor(
  requests: number,
  firstTs: number,
  lastTs: number,
  account: Partial<AccountView> = {},
): AssessContext {
  return { requests, firstTs, lastTs, account: { keys: 1, requests, tokens: 0, ...account } };
}

/** Delivers a share of the events late, by up to `maxMs`, as a gateway's retries and batching do. */
export function delayed(events: readonly EventFeatures[], share: number, maxMs: number, seed: number): EventFeatures[] {
  const r = rng(seed);
  return events
    .map((e) => ({ e, at: r() < share ? e.ts + r() * maxMs : e.ts }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.e);
}

/** Events at a steady Poisson rate per hour between `from` and `to`, with `make` shaping each. */
export function poisson(
  r: () => number,
  from: number,
  to: number,
  perHour: (ts: number) => number,
  make: (ts: number) => EventFeatures = (ts) => ev(ts),
): EventFeatures[] {
  const out: EventFeatures[] = [];
  let t = from;
  for (;;) {
    const rate = perHour(t);
    t += rate > 0 ? expo(r, HOUR / rate) : HOUR / 60;
    if (t >= to) return out;
    if (rate > 0) out.push(make(t));
  }
}
