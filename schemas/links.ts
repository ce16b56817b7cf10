import { z } from 'zod';

/**
 * What can link two keys: infrastructure they share (address, network prefix, user agent, system
 * prompt), content they share (template skeletons, recurring wording), or behaviour (hours active
 * together, complementary slices of one sweep).
 */
export const LINK_KINDS = [
  'ip',
  'ip_prefix',
  'user_agent',
  'system_prompt',
  'template',
  'wording',
  'timing',
  'coverage',
] as const;
export const LinkKindSchema = z.enum(LINK_KINDS);
export type LinkKind = z.infer<typeof LinkKindSchema>;

const Hash = z.number().int().min(0).max(0xffffffff);
const Count = z.number().int().min(0);

/**
 * One key's link features: the compact summary of a key that the cross-key step reads. Hashes are
 * of values the key uses characteristically (a share of its traffic, not a one-off). A partition
 * worker can write these to a shared table so that one job links keys of every partition.
 */
export const KeyLinkFeaturesSchema = z
  .object({
    api_key_id: z.string(),
    account_id: z.string(),
    /** Event time, epoch ms, of the key's first and latest request. */
    first_ts: z.number(),
    last_ts: z.number(),
    requests: Count,
    /** Requests with prompt text; of those, with elicitation cues and continuing a conversation. */
    prompts: Count,
    elicited: Count,
    follow_ups: Count,
    completion_tokens: Count,
    ips: z.array(Hash),
    ip_prefixes: z.array(Hash),
    user_agents: z.array(Hash),
    system_prompts: z.array(Hash),
    templates: z.array(Hash),
    /** Per-prompt MinHash values (tagged with their position) that recur: the key's fixed wording. */
    wording: z.array(Hash),
    /** Bottom-k sample of the key's prompt hashes, ascending: which items of a sweep it sent. */
    items: z.array(Hash),
    /** Bitmask of the capability areas its prompts touched. */
    areas: Count,
    /** Hours since the epoch in which it sent requests, ascending, over the recent past. */
    active_hours: z.array(Count),
  })
  .meta({ id: 'KeyLinkFeatures', title: 'KeyLinkFeatures' });
export type KeyLinkFeatures = z.infer<typeof KeyLinkFeaturesSchema>;

/** The evidence that joins a member to its cluster: its strongest link to another member. */
export const ClusterLinkSchema = z.object({
  api_key_id: z.string(),
  linked_to: z.string(),
  strength: z.number().min(0).max(1),
  /** Strength of each kind of evidence behind the link (kinds without evidence are left out). */
  evidence: z.partialRecord(LinkKindSchema, z.number().min(0).max(1)),
});
export type ClusterLink = z.infer<typeof ClusterLinkSchema>;
