import type { KeyLinkFeatures } from '../../schemas/links';
import type { KeyState } from '../engine';
import { activeHours } from '../sketch/active';
import type { TopK } from '../sketch/topk';

/** Infrastructure a key uses for at least this share of its requests is its own (not a one-off). */
const INFRA_SHARE = 0.1;
const INFRA_MIN = 2;
/** Content that recurs in this share of a key's prompts is its fixed wording or template. */
const CONTENT_SHARE = 0.2;
const CONTENT_MIN = 3;

/** The values of a space-saving counter surely seen `min` times and in `share` of `total`, ascending. */
function characteristic(t: TopK<0>, total: number, share: number, min: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.keys.length; i++) {
    const sure = t.counts[i] - t.errors[i];
    if (sure >= min && sure >= share * total) out.push(t.keys[i]);
  }
  return out.sort((a, b) => a - b);
}

/** The key's link features, as the cross-key step reads them. */
export function linkFeatures(state: KeyState): KeyLinkFeatures {
  const l = state.links;
  return {
    api_key_id: state.apiKeyId,
    account_id: state.accountId,
    first_ts: state.firstTs,
    last_ts: state.lastTs,
    requests: state.requests,
    prompts: l.prompts,
    elicited: l.elicited,
    follow_ups: l.followUps,
    completion_tokens: state.completionTokens,
    ips: characteristic(l.ips, l.sampled, INFRA_SHARE, INFRA_MIN),
    ip_prefixes: characteristic(l.prefixes, l.sampled, INFRA_SHARE, INFRA_MIN),
    user_agents: characteristic(l.agents, l.sampled, INFRA_SHARE, INFRA_MIN),
    system_prompts: characteristic(l.systems, l.sampled, INFRA_SHARE, INFRA_MIN),
    templates: characteristic(l.templates, l.sampledPrompts, CONTENT_SHARE, CONTENT_MIN),
    wording: characteristic(l.wording, l.sampledPrompts, CONTENT_SHARE, CONTENT_MIN),
    items: l.items.mins.slice(),
    areas: l.areas,
    active_hours: activeHours(l.hours),
  };
}
