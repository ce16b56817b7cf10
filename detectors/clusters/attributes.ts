import type { KeyLinkFeatures, LinkKind } from '../../schemas/links';
import type { Span } from '../grade';
import { gradeLog } from '../grade';

/** The attributes whose shared values propose candidate pairs, and the feature holding each. */
export const ATTRIBUTES = {
  ip: 'ips',
  ip_prefix: 'ip_prefixes',
  user_agent: 'user_agents',
  system_prompt: 'system_prompts',
  template: 'templates',
  wording: 'wording',
} as const satisfies Partial<Record<LinkKind, keyof KeyLinkFeatures>>;
export type Attribute = keyof typeof ATTRIBUTES;
export const ATTRIBUTE_NAMES = Object.keys(ATTRIBUTES) as Attribute[];

export type Infrastructure = Extract<Attribute, 'ip' | 'ip_prefix' | 'user_agent' | 'system_prompt'>;

/** What a shared value is worth as evidence, 0..1, from how many keys share it (`rarity`). */
export type Weight = (attribute: Attribute, value: number) => number;

/**
 * What a value shared by `keys` keys is worth as evidence: 1 while rare, falling on a log scale to
 * 0 once common. Many keys sharing a value is evidence of commonness (a NAT address, a popular SDK,
 * one app's system prompt, a public template), not of coordination.
 */
export function rarity(keys: number, [rare, common]: Span): number {
  return 1 - gradeLog(keys, [rare, common]);
}
