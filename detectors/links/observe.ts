import { ipPrefix } from '../features/network';
import { hasPrompt } from '../features/text';
import { combine32, hash32 } from '../hash';
import type { DistinctSketch } from '../sketch/distinct';
import { addDistinct, newDistinct } from '../sketch/distinct';
import type { ActiveHours } from '../sketch/active';
import { markActive, newActiveHours } from '../sketch/active';
import type { TopK } from '../sketch/topk';
import { addTopK, newTopK } from '../sketch/topk';
import type { EventFeatures } from '../types';

/**
 * What a key keeps so that it can be linked to other keys: the most used values of each attribute
 * (space-saving counters, so a value used by a share of the traffic is kept however long the key
 * lives), a sample of the items it sent, the areas it touched and its recent active hours. Plain
 * JSON of bounded size (under 1 KB).
 */
export interface LinkState {
  /** Requests, and prompts among them, whose attributes were counted (see `counted`). */
  sampled: number;
  sampledPrompts: number;
  ips: TopK<0>;
  prefixes: TopK<0>;
  agents: TopK<0>;
  systems: TopK<0>;
  templates: TopK<0>;
  /** Per-prompt MinHash values tagged with their position; the fixed wording of a key recurs here. */
  wording: TopK<0>;
  /** Bottom-k of prompt hashes. */
  items: DistinctSketch;
  /** Bitmask of capability areas touched. */
  areas: number;
  prompts: number;
  elicited: number;
  followUps: number;
  hours: ActiveHours;
}

/** Fixed words a skeleton needs to count as a template (a bare frame is everybody's). */
const MIN_TEMPLATE_WORDS = 4;
/** Words a prompt needs for its wording to count: "thank you" is nobody's script. */
const MIN_WORDING_WORDS = 8;
const ITEM_SAMPLE = 8;
/** A MinHash position that saw no shingle (prompts of one word). */
const EMPTY_MINHASH = 0xffffffff;
const nothing = (): 0 => 0;

/**
 * Attributes are counted on every request of a young key and on every eighth after: shares are
 * what matter, and a busy key's share is as clear from a sample, at an eighth of the hashing.
 */
function counted(request: number): boolean {
  return request <= 64 || request % 8 === 0;
}

export function newLinkState(): LinkState {
  return {
    sampled: 0,
    sampledPrompts: 0,
    ips: newTopK(3),
    prefixes: newTopK(2),
    agents: newTopK(2),
    systems: newTopK(2),
    templates: newTopK(3),
    // Four positions per prompt, up to three of them recurring: eight counters keep those.
    wording: newTopK(8),
    items: newDistinct(ITEM_SAMPLE),
    areas: 0,
    prompts: 0,
    elicited: 0,
    followUps: 0,
    hours: newActiveHours(),
  };
}

/** Folds in the key's `request`-th request (1-based). */
export function observeLinks(s: LinkState, ev: EventFeatures, request: number): void {
  markActive(s.hours, ev.ts);
  const t = ev.text;
  const prompt = hasPrompt(t);
  if (prompt) {
    s.prompts++;
    if (t.elicitation || t.systemElicitation) s.elicited++;
    if ((ev.turn ?? 1) > 1) s.followUps++;
    s.areas |= t.topics;
    addDistinct(s.items, t.promptHash);
  }
  if (!counted(request)) return;
  s.sampled++;
  if (ev.ip) {
    addTopK(s.ips, hash32(ev.ip), nothing);
    addTopK(s.prefixes, hash32(ipPrefix(ev.ip)), nothing);
  }
  if (ev.userAgent) addTopK(s.agents, hash32(ev.userAgent), nothing);
  if (t?.systemHash) addTopK(s.systems, t.systemHash, nothing);
  if (!prompt) return;
  s.sampledPrompts++;
  if (t.templateWords >= MIN_TEMPLATE_WORDS) addTopK(s.templates, t.templateHash, nothing);
  if (t.words < MIN_WORDING_WORDS) return;
  for (let i = 0; i < t.minhash.length; i++) {
    if (t.minhash[i] !== EMPTY_MINHASH) addTopK(s.wording, combine32(t.minhash[i], i), nothing);
  }
}
