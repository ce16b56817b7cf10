import type { KeyLinkFeatures } from '../../schemas/links';
import type { Signal } from '../../schemas/signal';
import { addAreas, effectiveAreas, newAreaHistogram } from '../areas';
import { count, fixed, percent, round } from '../format';
import type { Span } from '../grade';
import { grade, gradeLog, noisyOr } from '../grade';

export interface CollectiveOptions {
  /** Members from which a cluster starts to count, and at which its size counts fully (log scale). */
  members: Span;
  /** Prompts over all members before the collective shares are trusted (log scale). */
  prompts: Span;
  /** Distinct accounts, and accounts per member: a campaign spreads its keys over many accounts. */
  accounts: Span;
  accountsPerMember: Span;
  /** Mean completion tokens: what a student model could learn from (a one-token answer teaches nothing). */
  substance: Span;
  /** Share of prompts with elicitation cues. */
  elicitation: Span;
  /** Effective number of capability areas, counting each member once per area it touched. */
  areas: Span;
  /** Share of prompts that open a conversation rather than continue one. */
  oneShot: Span;
  /** Share of sampled items that more than one member sent: slices of one sweep do not repeat. */
  repeats: Span;
  /** Members first seen this long after the stage began are new accounts. */
  newAfterMs: number;
  /** Part of the score that depends on how many members are new. */
  newness: number;
}

export const DEFAULT_COLLECTIVE_OPTIONS: CollectiveOptions = {
  members: [3, 12],
  prompts: [20, 120],
  accounts: [3, 8],
  accountsPerMember: [0.3, 0.8],
  substance: [64, 400],
  elicitation: [0.1, 0.5],
  areas: [4, 12],
  oneShot: [0.6, 0.95],
  repeats: [0.05, 0.3],
  newAfterMs: 12 * 3600_000,
  newness: 0.2,
};

/** Share of the sampled items that appear in more than one member's sample. */
function repeatedShare(members: readonly KeyLinkFeatures[]): number {
  const seen = new Map<number, number>();
  for (const m of members) for (const h of m.items) seen.set(h, (seen.get(h) ?? 0) + 1);
  let repeated = 0;
  for (const n of seen.values()) if (n > 1) repeated++;
  return seen.size ? repeated / seen.size : 0;
}

/**
 * Scores a cluster on what its members do together, as one actor: many keys over many (new)
 * accounts, harvesting substantive answers (asking for reasoning, or sweeping many areas one-shot
 * without repeating an item). Each gate is necessary: teams of one company share few accounts, an
 * evaluation run's one-token answers have no substance, users of one public benchmark repeat items.
 */
export function assessCluster(members: readonly KeyLinkFeatures[], since: number, o: CollectiveOptions): Signal {
  let requests = 0;
  let prompts = 0;
  let completion = 0;
  let elicited = 0;
  let followUps = 0;
  let fresh = 0;
  const accounts = new Set<string>();
  const areas = newAreaHistogram();
  for (const m of members) {
    requests += m.requests;
    prompts += m.prompts;
    completion += m.completion_tokens;
    elicited += m.elicited;
    followUps += m.follow_ups;
    if (m.first_ts >= since + o.newAfterMs) fresh++;
    accounts.add(m.account_id);
    addAreas(areas, m.areas);
  }
  const n = members.length;
  const meanAnswer = completion / Math.max(1, requests);
  const elicitedShare = prompts ? elicited / prompts : 0;
  const oneShot = prompts ? 1 - followUps / prompts : 0;
  const effective = effectiveAreas(areas);
  const repeats = repeatedShare(members);
  const newShare = fresh / n;

  const scale = gradeLog(n, o.members) * gradeLog(prompts, o.prompts);
  const spread = grade(accounts.size, o.accounts) * grade(accounts.size / n, o.accountsPerMember);
  const sweep = grade(effective, o.areas) * grade(oneShot, o.oneShot) * (1 - grade(repeats, o.repeats));
  const harvest = grade(meanAnswer, o.substance) * noisyOr([sweep, grade(elicitedShare, o.elicitation)]);
  const score = scale * spread * harvest * (1 - o.newness + o.newness * newShare);
  return {
    detector: 'cluster',
    score: round(score),
    summary:
      `${count(n)} linked keys in ${count(accounts.size)} accounts (${count(fresh)} first seen recently) sent ` +
      `${count(requests)} requests together over ${fixed(effective)} effective capability areas, ` +
      `${percent(oneShot)} one-shot, ${percent(repeats)} of sampled items repeated across keys, ` +
      `${percent(elicitedShare)} with elicitation cues, answers of ${count(meanAnswer)} tokens on average.`,
    evidence: {
      members: n,
      accounts: accounts.size,
      newMembers: fresh,
      requests,
      prompts,
      meanCompletionTokens: round(meanAnswer, 1),
      elicitedShare: round(elicitedShare),
      effectiveAreas: round(effective, 2),
      oneShotShare: round(oneShot),
      repeatedItemShare: round(repeats),
      scale: round(scale),
      spread: round(spread),
      sweep: round(sweep),
      harvest: round(harvest),
    },
  };
}
