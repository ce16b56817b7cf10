import type { KeyLinkFeatures } from '../../schemas/links';

/** Crafted link features for cross-key tests. */

export const HOUR = 3_600_000;
/** Wednesday 2026-11-04 00:00 UTC. */
export const NOW = Date.UTC(2026, 10, 4);
const NOW_HOUR = NOW / HOUR;

/** Deterministic distinct 32-bit values for a label: `values('script', 3)`. */
export function values(label: string, n: number, from = 0): number[] {
  let h = 2166136261;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: n }, (_, i) => (Math.imul(h ^ (from + i + 1), 2654435761) >>> 0) % 0xfffffff0).sort((a, b) => a - b);
}

/** The last `n` hours, or `n` hours from `hoursAgo` back, as active_hours. */
export function lastHours(n: number, hoursAgo = 0): number[] {
  return Array.from({ length: n }, (_, i) => NOW_HOUR - hoursAgo - n + 1 + i);
}

/** A key of ordinary traffic with nothing characteristic; `over` adds what it shares. */
export function key(id: string, over: Partial<KeyLinkFeatures> = {}): KeyLinkFeatures {
  return {
    api_key_id: id,
    account_id: `acct_${id}`,
    first_ts: NOW - 20 * HOUR,
    last_ts: NOW,
    requests: 40,
    prompts: 40,
    elicited: 2,
    follow_ups: 20,
    completion_tokens: 40 * 300,
    ips: values(`ip ${id}`, 1),
    ip_prefixes: values(`prefix ${id}`, 1),
    user_agents: values(`ua ${id}`, 1),
    system_prompts: [],
    templates: [],
    wording: [],
    items: values(`items ${id}`, 8),
    areas: 1 << (id.length % 31),
    active_hours: lastHours(6),
    ...over,
  };
}

/**
 * A key of a hydra campaign: the campaign's script wording, one-shot prompts asking for reasoning,
 * long answers and a slice of items of its own; no infrastructure shared unless `over` says so.
 */
export function hydraKey(campaign: string, i: number, over: Partial<KeyLinkFeatures> = {}): KeyLinkFeatures {
  return key(`${campaign}_${i}`, {
    first_ts: NOW - 10 * HOUR,
    requests: 30,
    prompts: 30,
    elicited: 30,
    follow_ups: 0,
    completion_tokens: 30 * 1100,
    wording: values(`script ${campaign}`, 3),
    items: values(`items ${campaign}`, 8, i * 8),
    areas: 1 << (i % 31),
    ...over,
  });
}

export function hydra(campaign: string, n: number, over: (i: number) => Partial<KeyLinkFeatures> = () => ({})): KeyLinkFeatures[] {
  return Array.from({ length: n }, (_, i) => hydraKey(campaign, i, over(i)));
}
