import type { Alert } from '../../schemas/alert';
import type { ClusterLink, KeyLinkFeatures, LinkKind } from '../../schemas/links';
import type { Signal } from '../../schemas/signal';
import type { Assessment, EpisodeOptions, EpisodeState } from '../alerting/episode';
import { advanceEpisode, DEFAULT_EPISODE_OPTIONS } from '../alerting/episode';
import { round } from '../format';
import { buildIndex, forEachCandidate, weightIn } from './candidates';
import type { CollectiveOptions } from './collective';
import { assessCluster, DEFAULT_COLLECTIVE_OPTIONS } from './collective';
import { DisjointSets } from './components';
import type { LinkOptions } from './evidence';
import { DEFAULT_LINK_OPTIONS, linkEvidence } from './evidence';

export interface ClusterOptions {
  /** Keys with fewer requests are left out: too little to link on. */
  minRequests: number;
  /** Keys each key is paired with inside one bucket of a shared value. */
  neighbours: number;
  /** Links at least this strong join keys into one cluster. */
  strongLink: number;
  /** Smallest cluster that is scored. */
  minMembers: number;
  /**
   * A member whose sampled items other members sent too, for this share of them, repeats the
   * cluster's items rather than taking a slice of them (a public benchmark's users): it is left out.
   */
  repeatingMember: number;
  link: LinkOptions;
  collective: CollectiveOptions;
  episode: EpisodeOptions;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  minRequests: 3,
  neighbours: 6,
  strongLink: 0.6,
  minMembers: 5,
  repeatingMember: 0.5,
  link: DEFAULT_LINK_OPTIONS,
  collective: DEFAULT_COLLECTIVE_OPTIONS,
  episode: DEFAULT_EPISODE_OPTIONS,
};

/** What the cross-key stage remembers between runs: plain JSON, one entry per open cluster alert. */
export interface ClusterState {
  v: 1;
  /** Earliest first event of any key the stage has seen; keys first seen well after it are new. */
  since: number | null;
  /** Open cluster alert episodes; members and links live in the alert. */
  open: EpisodeState[];
}

export function newClusterState(): ClusterState {
  return { v: 1, since: null, open: [] };
}

export interface ClusterStepStats {
  keys: number;
  candidatePairs: number;
  strongLinks: number;
  clusters: number;
}

export interface ClusterStepResult {
  state: ClusterState;
  /** Cluster alerts created or changed by this step. */
  alerts: Alert[];
  stats: ClusterStepStats;
}

/** A cluster found in this step: member indices into the batch, and each member's strongest link. */
interface Group {
  members: number[];
  links: ClusterLink[];
}

const byId = (a: KeyLinkFeatures, b: KeyLinkFeatures) => (a.api_key_id < b.api_key_id ? -1 : a.api_key_id > b.api_key_id ? 1 : 0);
const oldestFirst = (a: EpisodeState, b: EpisodeState) =>
  a.alert.detected_at - b.alert.detected_at || (a.alert.alert_id < b.alert.alert_id ? -1 : 1);

interface StrongLink {
  i: number;
  j: number;
  strength: number;
  evidence: ClusterLink['evidence'];
}

/** Connected components of at least `min` keys over the links between keys not left out. */
function components(n: number, links: readonly StrongLink[], out: ReadonlySet<number>, min: number): number[][] {
  const sets = new DisjointSets(n);
  for (const l of links) if (!out.has(l.i) && !out.has(l.j)) sets.union(l.i, l.j);
  return sets.groups(min).filter((g) => !out.has(g[0]));
}

/**
 * Members most of whose sampled items other members sent too, worst first: once a key that
 * repeats the items of several members is out, the members it repeated no longer look repeating.
 */
function repeating(keys: readonly KeyLinkFeatures[], group: readonly number[], share: number): number[] {
  const senders = new Map<number, number>();
  for (const i of group) for (const h of keys[i].items) senders.set(h, (senders.get(h) ?? 0) + 1);
  const repeated = (i: number) => keys[i].items.filter((h) => senders.get(h)! > 1).length / keys[i].items.length;
  const out: number[] = [];
  for (;;) {
    let worst = -1;
    for (const i of group) {
      if (keys[i].items.length > 0 && !out.includes(i) && repeated(i) >= share && (worst < 0 || repeated(i) > repeated(worst))) worst = i;
    }
    if (worst < 0) return out;
    out.push(worst);
    for (const h of keys[worst].items) senders.set(h, senders.get(h)! - 1);
  }
}

/**
 * Links the batch's keys and groups them: connected components over strong links, without the
 * members that repeat other members' items (two users of one public benchmark share its items; the
 * slices of one sweep do not).
 */
function findGroups(keys: readonly KeyLinkFeatures[], o: ClusterOptions, stats: ClusterStepStats): Group[] {
  const index = buildIndex(keys, o.link.rarity);
  const weight = weightIn(index);
  const strong: StrongLink[] = [];
  forEachCandidate(index, o.neighbours, (i, j) => {
    stats.candidatePairs++;
    const e = linkEvidence(keys[i], keys[j], weight, o.link);
    if (e.strength >= o.strongLink) strong.push({ i, j, ...e });
  });
  stats.strongLinks = strong.length;
  const out = new Set<number>();
  for (const g of components(keys.length, strong, out, o.minMembers)) for (const i of repeating(keys, g, o.repeatingMember)) out.add(i);
  // Each member's strongest link, rounded for the alert.
  const best: (StrongLink | undefined)[] = new Array(keys.length);
  for (const l of strong) {
    if (out.has(l.i) || out.has(l.j)) continue;
    if ((best[l.i]?.strength ?? 0) < l.strength) best[l.i] = l;
    if ((best[l.j]?.strength ?? 0) < l.strength) best[l.j] = l;
  }
  const linkOf = (x: number): ClusterLink => {
    const l = best[x]!;
    const evidence: ClusterLink['evidence'] = {};
    for (const [kind, v] of Object.entries(l.evidence) as [LinkKind, number][]) evidence[kind] = round(v);
    return { api_key_id: keys[x].api_key_id, linked_to: keys[l.i === x ? l.j : l.i].api_key_id, strength: round(l.strength), evidence };
  };
  return components(keys.length, strong, out, o.minMembers).map((members) => ({ members, links: members.map(linkOf) }));
}

/**
 * Which open alert each group continues: the one listing most of its members (the oldest on ties),
 * or -1 for a new cluster. A cluster that splits stays one alert; `open` is oldest first.
 */
function owners(groups: readonly Group[], keys: readonly KeyLinkFeatures[], open: readonly EpisodeState[]): number[] {
  const listedIn = new Map<string, number>();
  for (let e = open.length - 1; e >= 0; e--) for (const id of open[e].alert.related_api_key_ids) listedIn.set(id, e);
  return groups.map((g) => {
    const votes = new Map<number, number>();
    for (const i of g.members) {
      const e = listedIn.get(keys[i].api_key_id);
      if (e !== undefined) votes.set(e, (votes.get(e) ?? 0) + 1);
    }
    let best = -1;
    let most = 0;
    for (const [e, n] of votes) if (n > most || (n === most && e < best)) [best, most] = [e, n];
    return best;
  });
}

function mergeLinks(old: readonly ClusterLink[], fresh: readonly ClusterLink[]): ClusterLink[] {
  const byKey = new Map(old.map((l) => [l.api_key_id, l]));
  for (const l of fresh) byKey.set(l.api_key_id, l);
  return [...byKey.values()].sort((a, b) => (a.api_key_id < b.api_key_id ? -1 : 1));
}

/**
 * One run of the cross-key stage, pure: link the keys of `batch` (each key's link features, from
 * wherever they were collected), form clusters, score them and advance their alert episodes at
 * event time `at` (the open alerts in `state` are updated in place). A cluster alert keeps its id
 * as members join or leave: the id is taken from its earliest member when first raised, and later
 * runs continue it with every cluster whose members it mostly lists. Members that went idle stay
 * listed; an alert whose cluster is no longer seen scores 0 and ends after the quiet time.
 */
export function runClusterStep(
  state: ClusterState,
  batch: readonly KeyLinkFeatures[],
  at: number,
  o: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): ClusterStepResult {
  const keys = batch.filter((k) => k.requests >= o.minRequests).sort(byId);
  let since = state.since ?? Infinity;
  for (const k of keys) since = Math.min(since, k.first_ts);
  const stats: ClusterStepStats = { keys: keys.length, candidatePairs: 0, strongLinks: 0, clusters: 0 };
  const groups = findGroups(keys, o, stats);
  stats.clusters = groups.length;
  const inView = new Set(keys.map((k) => k.api_key_id));
  const next: EpisodeState[] = [];
  const alerts: Alert[] = [];
  const advance = (episode: EpisodeState | null, a: Assessment, group: Group | undefined) => {
    const r = advanceEpisode(episode, a, o.episode);
    if (r.episode) next.push(r.episode);
    if (!r.changed) return;
    if (group) {
      // Members seen now but no longer linked leave; members out of view (idle) stay.
      const ids = new Set(group.members.map((i) => keys[i].api_key_id));
      const stays = (id: string) => ids.has(id) || !inView.has(id);
      r.changed.related_api_key_ids = [...new Set([...r.changed.related_api_key_ids.filter(stays), ...ids])].sort();
      r.changed.links = mergeLinks((r.changed.links ?? []).filter((l) => stays(l.api_key_id)), group.links);
    }
    alerts.push(r.changed);
  };
  const assessment = (group: Group): Assessment => {
    const members = group.members.map((i) => keys[i]);
    const anchor = members.reduce((a, b) => (b.first_ts < a.first_ts ? b : a));
    const signal: Signal = assessCluster(members, since, o.collective);
    return {
      kind: 'cluster',
      apiKeyId: anchor.api_key_id,
      accountId: anchor.account_id,
      at,
      requests: members.reduce((sum, m) => sum + m.requests, 0),
      firstEventTs: anchor.first_ts,
      score: signal.score,
      signals: [signal],
      ceiling: null,
      recentRequestIds: [],
    };
  };

  const open = [...state.open].sort(oldestFirst);
  const owner = owners(groups, keys, open);
  open.forEach((episode, e) => {
    const mine = groups.filter((_, g) => owner[g] === e);
    const a = episode.alert;
    if (mine.length === 0) {
      const quiet: Assessment = {
        kind: 'cluster', apiKeyId: a.api_key_id, accountId: a.account_id, at, requests: a.requests_total,
        firstEventTs: a.first_event_ts, score: 0, signals: a.signals, ceiling: null, recentRequestIds: [],
      };
      advance(episode, quiet, undefined);
      return;
    }
    const merged: Group = { members: mine.flatMap((g) => g.members), links: mine.flatMap((g) => g.links) };
    advance(episode, assessment(merged), merged);
  });
  groups.forEach((g, gi) => {
    if (owner[gi] < 0) advance(null, assessment(g), g);
  });
  return { state: { v: 1, since: Number.isFinite(since) ? since : null, open: next }, alerts, stats };
}

/** Each key in an open cluster alert, with that alert's id (the oldest alert when in several). */
export function clusterMembership(state: ClusterState): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of [...state.open].sort(oldestFirst)) {
    for (const id of e.alert.related_api_key_ids) if (!out.has(id)) out.set(id, e.alert.alert_id);
  }
  return out;
}
