import type { KeyLinkFeatures, LinkKind } from '../../schemas/links';
import type { Span } from '../grade';
import { grade, gradeLog, noisyOr } from '../grade';
import { capUncorroborated } from '../scoring/combine';
import type { Attribute, Infrastructure, Weight } from './attributes';
import { ATTRIBUTES } from './attributes';

/** Evidence families: a link needs two of them, as a key's score needs corroboration. */
type Family = 'content' | 'infrastructure' | 'behaviour';

export interface LinkOptions {
  /**
   * Per attribute, the number of keys sharing a value from which it counts less, and from which it
   * counts nothing. Content is rare up to far larger groups than infrastructure: a campaign's
   * script is shared by all its keys, public content by the many unrelated users of a platform.
   */
  rarity: Record<Attribute, Span>;
  /** Strength of each kind of shared infrastructure while the value is rare. */
  infrastructure: Record<Infrastructure, number>;
  /** Share of recurring wording in common that counts (identical scripts share all of it). */
  wording: Span;
  /** Active hours both keys need before their timing is compared; Jaccard of active hours that counts. */
  timingHours: number;
  timing: Span;
  /** Prompts a key needs to count as sweeping, and the share of one-shot prompts that counts. */
  sweepPrompts: number;
  oneShot: Span;
  /**
   * Keys run by one client ask alike: the ratio of their mean answer lengths, the gap between
   * their shares of elicitation cues and the ratio of their requests per active hour at which two
   * keys stop looking like one client (a one-off evaluation run sends hundreds an hour).
   */
  answerRatio: Span;
  elicitationGap: Span;
  paceRatio: Span;
  weights: Record<Family, number>;
  /** The second-strongest weighted family, from "no corroboration" to "full". */
  corroboration: Span;
  /** Above this a link keeps only the share of its excess that corroboration allows. */
  uncorroboratedCap: number;
}

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  rarity: {
    ip: [4, 64],
    ip_prefix: [4, 64],
    user_agent: [8, 128],
    system_prompt: [8, 128],
    template: [1000, 20000],
    wording: [1000, 20000],
  },
  infrastructure: { ip: 0.6, ip_prefix: 0.3, user_agent: 0.3, system_prompt: 0.4 },
  wording: [0.3, 0.8],
  timingHours: 6,
  timing: [0.4, 0.8],
  sweepPrompts: 4,
  oneShot: [0.6, 0.95],
  answerRatio: [2.5, 8],
  elicitationGap: [0.35, 0.7],
  paceRatio: [5, 20],
  weights: { content: 0.9, infrastructure: 0.6, behaviour: 0.6 },
  corroboration: [0.15, 0.4],
  uncorroboratedCap: 0.45,
};

export interface LinkEvidence {
  strength: number;
  evidence: Partial<Record<LinkKind, number>>;
}

/** How many values two ascending lists share (from `from` on), calling `each` with every one. */
function shared(a: readonly number[], b: readonly number[], each?: (v: number) => void, from = -Infinity): number {
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      if (a[i] >= from) {
        n++;
        each?.(a[i]);
      }
      i++;
      j++;
    }
  }
  return n;
}

function countFrom(hours: readonly number[], from: number): number {
  let n = 0;
  for (const h of hours) if (h >= from) n++;
  return n;
}

/**
 * Shared content, weighted by rarity, as a share of the smaller key's. A shared template is an
 * identical skeleton of several fixed words. Wording needs two recurring MinHash values in common:
 * one alone can be the minimum of a common phrase ("step by step") that two scripts both contain,
 * and a key whose items have fixed wording of their own keeps fewer of its script's minima.
 */
function contentOverlap(a: KeyLinkFeatures, b: KeyLinkFeatures, attr: 'template' | 'wording', weight: Weight): number {
  const x = a[ATTRIBUTES[attr]];
  const y = b[ATTRIBUTES[attr]];
  let sum = 0;
  const n = shared(x, y, (v) => (sum += weight(attr, v)));
  return n < (attr === 'template' ? 1 : 2) ? 0 : sum / Math.min(x.length, y.length);
}

/** Jaccard of the hours both keys were active, over the span both existed. */
function timing(a: KeyLinkFeatures, b: KeyLinkFeatures, o: LinkOptions): number {
  const x = a.active_hours;
  const y = b.active_hours;
  if (x.length < o.timingHours || y.length < o.timingHours) return 0;
  const from = Math.max(x[0], y[0]);
  const both = shared(x, y, undefined, from);
  return grade(both / (countFrom(x, from) + countFrom(y, from) - both), o.timing);
}

function sweeping(k: KeyLinkFeatures, o: LinkOptions): number {
  return k.prompts < o.sweepPrompts ? 0 : grade(1 - k.follow_ups / k.prompts, o.oneShot);
}

/**
 * Complementary coverage: both keys sweep (one-shot prompts) and their samples of items share
 * nothing, as slices of one sweep do; keys asking the same items (one public benchmark) do not.
 */
function coverage(a: KeyLinkFeatures, b: KeyLinkFeatures, o: LinkOptions): number {
  const smaller = Math.min(a.items.length, b.items.length);
  if (smaller === 0) return 0;
  return sweeping(a, o) * sweeping(b, o) * (1 - shared(a.items, b.items) / smaller);
}

const meanAnswer = (k: KeyLinkFeatures) => k.completion_tokens / Math.max(1, k.requests) + 1;
const pace = (k: KeyLinkFeatures) => k.requests / Math.max(1, k.active_hours.length);
const elicitedShare = (k: KeyLinkFeatures) => (k.prompts ? k.elicited / k.prompts : 0);
const ratio = (x: number, y: number) => Math.max(x, y) / Math.min(x, y);

/** 1 for keys that ask alike, falling to 0 for keys no one client would run (one-token answers beside essays). */
function sameClient(a: KeyLinkFeatures, b: KeyLinkFeatures, o: LinkOptions): number {
  return (
    (1 - gradeLog(ratio(meanAnswer(a), meanAnswer(b)), o.answerRatio)) *
    (1 - gradeLog(ratio(pace(a), pace(b)), o.paceRatio)) *
    (1 - grade(Math.abs(elicitedShare(a) - elicitedShare(b)), o.elicitationGap))
  );
}

const INFRASTRUCTURE: readonly Infrastructure[] = ['ip', 'ip_prefix', 'user_agent', 'system_prompt'];

function infrastructure(a: KeyLinkFeatures, b: KeyLinkFeatures, weight: Weight, o: LinkOptions, out: Partial<Record<LinkKind, number>>): number {
  let miss = 1;
  for (const kind of INFRASTRUCTURE) {
    const y = b[ATTRIBUTES[kind]];
    let best = 0;
    for (const v of a[ATTRIBUTES[kind]]) if (y.includes(v)) best = Math.max(best, weight(kind, v));
    if (best > 0) miss *= 1 - (out[kind] = o.infrastructure[kind] * best);
  }
  return 1 - miss;
}

/**
 * How strongly two keys are linked, and by what. Each shared value counts by its `weight` (how
 * rare it is); families combine as key scores do, so one family alone (infrastructure only, or
 * one shared template) stays below `uncorroboratedCap`; and keys that do not ask alike are not one
 * client, whatever they share. Runs for every candidate pair: figures are left unrounded.
 */
export function linkEvidence(a: KeyLinkFeatures, b: KeyLinkFeatures, weight: Weight, o: LinkOptions = DEFAULT_LINK_OPTIONS): LinkEvidence {
  const evidence: Partial<Record<LinkKind, number>> = {};
  const client = sameClient(a, b, o);
  if (client === 0) return { strength: 0, evidence };
  const note = (kind: LinkKind, v: number): number => {
    if (v > 0) evidence[kind] = v;
    return v;
  };
  const content = noisyOr([note('template', contentOverlap(a, b, 'template', weight)), note('wording', grade(contentOverlap(a, b, 'wording', weight), o.wording))]);
  const infra = infrastructure(a, b, weight, o, evidence);
  const behaviour = noisyOr([note('timing', timing(a, b, o)), note('coverage', coverage(a, b, o))]);
  const c = o.weights.content * content;
  const i = o.weights.infrastructure * infra;
  const h = o.weights.behaviour * behaviour;
  // The second strongest family is the corroboration.
  const second = Math.max(Math.min(c, i), Math.min(Math.max(c, i), h));
  const raw = noisyOr([c, i, h]);
  return { strength: client * capUncorroborated(raw, grade(second, o.corroboration), o.uncorroboratedCap), evidence };
}
