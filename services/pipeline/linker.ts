import type { Alert } from '../../schemas/alert';
import type { KeyLinkFeatures } from '../../schemas/links';
import type { KeyState } from '../../detectors/engine';
import type { ClusterOptions, ClusterState } from '../../detectors/clusters/stage';
import { clusterMembership, DEFAULT_CLUSTER_OPTIONS, newClusterState, runClusterStep } from '../../detectors/clusters/stage';
import { linkFeatures } from '../../detectors/links/features';

const HOUR = 3600_000;
/** How long a key stays in view of linking after its latest request (event time). */
export const LINK_LOOKBACK_MS = 48 * HOUR;

export interface LinkerOptions {
  cluster?: Partial<ClusterOptions>;
  /** Keys idle longer than this (event time) drop out of linking. */
  lookbackMs?: number;
  /** Event time between runs of the cross-key step. */
  everyMs?: number;
}

/** What the linker persists: the stage's state, the period it last ran in and the keys it may link. */
interface Saved {
  clusters: ClusterState;
  period: number;
  /** [api key id, last event time] of keys active within the lookback. */
  keys: [string, number][];
}

/**
 * Drives the cross-key stage inside one pipeline: once per period of event time (an hour by
 * default) it collects the link features of every key active within the lookback (live keys from
 * memory, idle ones from their saved state, cached) and runs `runClusterStep` over them. Its own
 * state is persisted with the keys', so a restarted pipeline links exactly as an uninterrupted one.
 */
export class ClusterLinker {
  private readonly options: ClusterOptions;
  private readonly lookbackMs: number;
  private readonly everyMs: number;
  private clusters: ClusterState;
  private period: number;
  private readonly lastTs: Map<string, number>;
  /** Link features of idle keys, which do not change until the key is live again. */
  private readonly idle = new Map<string, KeyLinkFeatures>();
  private members = new Map<string, string>();
  /**
   * Link features of live keys as of their request count: every event a key takes counts a
   * request, so a key with no event since the last step has the same features (weakly held).
   */
  private readonly live = new WeakMap<KeyState, { requests: number; features: KeyLinkFeatures }>();

  constructor(options: LinkerOptions, saved: string | undefined) {
    this.options = { ...DEFAULT_CLUSTER_OPTIONS, ...options.cluster };
    this.lookbackMs = options.lookbackMs ?? LINK_LOOKBACK_MS;
    this.everyMs = options.everyMs ?? HOUR;
    const s: Saved = saved ? (JSON.parse(saved) as Saved) : { clusters: newClusterState(), period: -1, keys: [] };
    this.clusters = s.clusters;
    this.period = s.period;
    this.lastTs = new Map(s.keys);
    this.members = clusterMembership(this.clusters);
  }

  /** Whether event time `at` is in a period not linked yet. */
  due(at: number): boolean {
    return Math.floor(at / this.everyMs) > this.period;
  }

  /**
   * Links the keys active at event time `at`. Returns the cluster alerts that changed and the keys
   * that joined a cluster alert (or moved to another). `live` are the keys in memory, `saved`
   * loads any other.
   */
  step(
    at: number,
    live: Iterable<KeyState>,
    saved: (apiKeyId: string) => KeyState | undefined,
    allowed: (s: KeyLinkFeatures) => boolean,
  ): { alerts: Alert[]; joined: [string, string][] } {
    this.period = Math.floor(at / this.everyMs);
    const batch: KeyLinkFeatures[] = [];
    const seen = new Set<string>();
    for (const s of live) {
      this.lastTs.set(s.apiKeyId, s.lastTs);
      this.idle.delete(s.apiKeyId);
      seen.add(s.apiKeyId);
      batch.push(this.liveFeatures(s));
    }
    for (const [id, last] of this.lastTs) {
      if (last < at - this.lookbackMs) {
        this.lastTs.delete(id);
        this.idle.delete(id);
      } else if (!seen.has(id)) {
        const f = this.idle.get(id) ?? this.load(id, saved);
        if (f) batch.push(f);
      }
    }
    const r = runClusterStep(this.clusters, batch.filter(allowed), at, this.options);
    const before = this.members;
    this.clusters = r.state;
    this.members = clusterMembership(this.clusters);
    return { alerts: r.alerts, joined: [...this.members].filter(([key, cluster]) => before.get(key) !== cluster) };
  }

  /**
   * A key leaving memory (compacted, its state saved as is): its link features, which compaction
   * does not touch, are cached as those of an idle key, so the next step need not load its saved
   * state to read them. Only for keys the linker tracks: others it never loads.
   */
  idleKey(state: KeyState): void {
    if (this.lastTs.has(state.apiKeyId)) this.idle.set(state.apiKeyId, this.liveFeatures(state));
  }

  /** The open cluster alert a key belongs to. */
  clusterOf(apiKeyId: string): string | undefined {
    return this.members.get(apiKeyId);
  }

  serialise(): string {
    const saved: Saved = { clusters: this.clusters, period: this.period, keys: [...this.lastTs] };
    return JSON.stringify(saved);
  }

  private liveFeatures(s: KeyState): KeyLinkFeatures {
    const cached = this.live.get(s);
    if (cached !== undefined && cached.requests === s.requests) return cached.features;
    const features = linkFeatures(s);
    this.live.set(s, { requests: s.requests, features });
    return features;
  }

  private load(id: string, saved: (apiKeyId: string) => KeyState | undefined): KeyLinkFeatures | undefined {
    const state = saved(id);
    if (!state) return undefined;
    const f = linkFeatures(state);
    this.idle.set(id, f);
    return f;
  }
}
