import type { Alert, Severity } from '../../schemas/alert';
import type { RequestLogEvent } from '../../schemas/event';
import type { EngineOptions, KeyState } from '../../detectors/engine';
import { DetectionEngine } from '../../detectors/engine';
import { extractFeatures } from '../../detectors/features';
import type { TextFeatures } from '../../detectors/features/text';
import { linkFeatures } from '../../detectors/links/features';
import type { AccountView, EventFeatures } from '../../detectors/types';
import type { Signal } from '../../schemas/signal';
import type { LinkerOptions } from './linker';
import { ClusterLinker } from './linker';
import type { KeyAssessment, KeyHour, KeyLinkSnapshot, PipelineOutput, RequestSample } from './types';

const HOUR = 3600_000;
const PROMPT_SAMPLE_CHARS = 2000;
/** Recent requests kept per key as candidate examples for an alert. */
const RECENT_SAMPLES = 8;

export interface PipelineOptions {
  engine?: Partial<EngineOptions>;
  /** Restores a saved state (see `takeDirtyStates`) that is not in memory. */
  loadState?: (id: string) => string | undefined;
  /** Allow-listed keys and accounts are scored but raise nothing above "low". */
  isAllowlisted?: (apiKeyId: string, accountId: string, ts: number) => boolean;
  /** Keep prompt text of example requests; off keeps only ids and figures (privacy). */
  storePrompts?: boolean;
  /** Keys idle this long in event time are compacted and moved out of the hot map. */
  idleMs?: number;
  /**
   * Collect what key profiles show (hour buckets, assessments, example requests with figures);
   * on by default. Replay needs only alerts, and skipping the rest halves its per-event cost.
   */
  profiles?: boolean;
  /**
   * Cross-key linking once per event-time hour (cluster alerts); false where a separate job links
   * the keys of every partition instead (see docs/clusters.md).
   */
  clusters?: LinkerOptions | false;
  /**
   * For a job that links the keys of every partition (scale-out, clusters off): output the link
   * features of the keys each batch touched, as of the event hour they close (`links`), and save
   * the event-time watermark with the states (`WATERMARK_STATE_ID`).
   */
  exportLinks?: boolean;
}

interface HourBucket {
  hour: number;
  requests: number;
  tokens: number;
  maxScore: number;
}

/**
 * Marks an entry or account as in the dirty set of the current generation. A symbol key: never
 * serialised (JSON.stringify skips symbol keys), so saved states are unchanged.
 */
const DIRTY = Symbol('dirty');
interface Marked {
  [DIRTY]?: number;
}
/** The account view of an entry's latest event, and its id (symbol keys: never serialised). */
const ACCOUNT = Symbol('account');
const ACCOUNT_ID = Symbol('accountId');
/** The event time of an account's latest event (never serialised): its `at` in takeDirtyStates. */
const LAST_TS = Symbol('lastTs');

/** An account's roll-up as held in memory. */
interface HeldAccount extends AccountView, Marked {
  [LAST_TS]?: number;
}

/** What the pipeline keeps per key next to the detection state. */
interface KeyEntry extends Marked {
  [ACCOUNT]?: HeldAccount;
  [ACCOUNT_ID]?: string;
  state: KeyState;
  hour: HourBucket;
  /** Ids of the latest requests, a ring: the examples an alert may take. */
  recent: string[];
  recentNext: number;
  /** The same requests with their figures (parallel ring), when profiles are collected. */
  samples: RequestSample[];
}

const keyId = (apiKeyId: string) => `key:${apiKeyId}`;
const accountId = (id: string) => `account:${id}`;
const LINKER_ID = 'clusters';
/** The saved state holding how far in event time the pipeline has got (with `exportLinks`). */
export const WATERMARK_STATE_ID = 'watermark';

/**
 * Runs the detection engine over a stream of events in event time, holding per-key and
 * per-account state, and collects what changed for the caller to persist. No I/O: replay, the
 * embedded service and the Kafka consumer all drive this one class.
 */
export class Pipeline {
  readonly engine: DetectionEngine;
  private readonly keys = new Map<string, KeyEntry>();
  /** Idle keys, compacted and serialised: far smaller than live objects. */
  private readonly cold = new Map<string, string>();
  private readonly accounts = new Map<string, HeldAccount>();
  // Changed since the states were last taken, by raw id, in the order first changed. An entry or
  // account carries the generation it was added in (DIRTY), so that only its first event of a
  // generation touches the set.
  private readonly dirtyKeys = new Set<string>();
  private readonly dirtyAccounts = new Set<string>();
  private linkerDirty = false;
  /** Counts `takeDirtyStates` calls: an object marked with the current one is in its dirty set. */
  private generation = 0;
  private alerts = new Map<string, Alert>();
  /** Keys whose current hour bucket changed, and buckets closed by a new hour, since the last drain. */
  private hoursTouched = new Set<KeyEntry>();
  private hoursClosed: KeyHour[] = [];
  private assessments = new Map<string, KeyAssessment>();
  private samples = new Map<string, RequestSample>();
  private linkSnapshots = new Map<string, KeyLinkSnapshot>();
  /** Requests of each key at its latest snapshot since the last drain. */
  private snapshotted = new Map<string, number>();
  private watermark = 0;
  /** The event-time hour of the last idle sweep: sweeping on event time keeps replays and restarts equal. */
  private sweptHour = -1;
  private readonly idleMs: number;
  private readonly profiles: boolean;
  private readonly linker: ClusterLinker | undefined;

  constructor(private readonly options: PipelineOptions = {}) {
    this.engine = new DetectionEngine(options.engine);
    this.idleMs = options.idleMs ?? 6 * HOUR;
    this.profiles = options.profiles ?? true;
    if (options.clusters !== false) this.linker = new ClusterLinker(options.clusters ?? {}, options.loadState?.(LINKER_ID));
  }

  /**
   * Folds one validated event in; false when it was a duplicate of a recent request. `text`: the
   * event's text features when already extracted (see TextFeatureWorker).
   */
  process(event: RequestLogEvent, text?: TextFeatures): boolean {
    const ev = extractFeatures(event, text);
    const entry = this.keyEntry(ev);
    // Compacting on the key's own idle gap, not only when a sweep evicts it, makes the state a
    // function of the key's events alone: replays, restarts and sweeps cannot change results.
    if (ev.ts - entry.state.lastTs >= this.idleMs) this.compact(entry);
    if (!this.engine.markSeen(entry.state, ev.requestId)) return false;
    const account = this.accountOf(entry, event.account_id);
    const tokens = ev.promptTokens + ev.completionTokens;
    account.requests++;
    account.tokens += tokens;
    const accountLast = account[LAST_TS];
    if (accountLast === undefined || ev.ts > accountLast) account[LAST_TS] = ev.ts;
    this.engine.observe(entry.state, ev);
    this.keepRecent(entry, event);
    if (this.profiles) this.countHour(entry, ev.ts, tokens);
    // Each object is added once per generation: later events of the key find the mark instead of
    // looking the id up in a set that, where states are never taken (replay), holds every id.
    if (entry[DIRTY] !== this.generation) {
      entry[DIRTY] = this.generation;
      this.dirtyKeys.add(event.api_key_id);
    }
    if (account[DIRTY] !== this.generation) {
      account[DIRTY] = this.generation;
      this.dirtyAccounts.add(event.account_id);
    }
    if (this.engine.isDue(entry.state)) this.assess(entry, account);
    if (ev.ts > this.watermark) this.watermark = ev.ts;
    const hour = Math.floor(this.watermark / HOUR);
    if (hour > this.sweptHour) {
      if (this.options.exportLinks) this.closeLinkHour();
      if (this.sweptHour >= 0) this.evictIdle();
      this.sweptHour = hour;
    }
    if (this.linker?.due(this.watermark)) this.linkKeys(this.linker);
    return true;
  }

  /** What changed since the last drain. */
  drain(): PipelineOutput {
    const out: PipelineOutput = {
      // Published alerts are never modified (see advanceEpisode): no copies needed.
      alerts: [...this.alerts.values()],
      hours: [...this.hoursClosed, ...[...this.hoursTouched].map(toKeyHour)],
      assessments: [...this.assessments.values()],
      samples: [...this.samples.values()],
      links: this.takeLinks(),
    };
    this.alerts = new Map();
    this.hoursTouched = new Set();
    this.hoursClosed = [];
    this.assessments = new Map();
    this.samples = new Map();
    return out;
  }

  /** Serialised states changed since the last call, to persist with the consumed position. */
  takeDirtyStates(): Array<{ id: string; state: string; at?: number }> {
    const out: Array<{ id: string; state: string; at?: number }> = [];
    for (const apiKeyId of this.dirtyKeys) {
      const hot = this.keys.get(apiKeyId);
      if (hot) out.push({ id: keyId(apiKeyId), state: JSON.stringify(hot), at: hot.state.lastTs });
      else {
        // Compacted since the last call (rare: a key idle for hours in event time).
        const state = this.cold.get(keyId(apiKeyId));
        if (state !== undefined) out.push({ id: keyId(apiKeyId), state, at: (JSON.parse(state) as KeyEntry).state.lastTs });
      }
    }
    for (const id of this.dirtyAccounts) {
      const a = this.accounts.get(id);
      // An account changed in this round has had an event in it, so its latest event time is known.
      if (a) out.push({ id: accountId(id), state: JSON.stringify(a), at: a[LAST_TS] });
    }
    if (this.linker && this.linkerDirty) out.push({ id: LINKER_ID, state: this.linker.serialise() });
    this.dirtyKeys.clear();
    this.dirtyAccounts.clear();
    this.generation++;
    this.linkerDirty = false;
    if (this.options.exportLinks && this.watermark > 0) out.push({ id: WATERMARK_STATE_ID, state: String(this.watermark) });
    // Cold keys are now persisted by the caller, so they can be reloaded instead of held.
    if (this.options.loadState) this.cold.clear();
    return out;
  }

  /**
   * Whether saved state `id` (see takeDirtyStates) is held in memory, so that `loadState` is not
   * asked for it: a hot or compacted key, an account, the watermark once an event is folded in.
   */
  holdsState(id: string): boolean {
    if (id.startsWith('key:')) return this.keys.has(id.slice(4)) || this.cold.has(id);
    if (id.startsWith('account:')) return this.accounts.has(id.slice(8));
    return id === WATERMARK_STATE_ID && this.sweptHour >= 0;
  }

  /** Keys currently held in memory (hot and compacted). */
  get keyCount(): number {
    return this.keys.size + this.cold.size;
  }

  private keyEntry(ev: EventFeatures): KeyEntry {
    const hot = this.keys.get(ev.apiKeyId);
    if (hot) return hot;
    const entry: KeyEntry = this.savedEntry(ev.apiKeyId) ?? {
      state: this.engine.newKey(ev),
      hour: { hour: Math.floor(ev.ts / HOUR) * HOUR, requests: 0, tokens: 0, maxScore: 0 },
      recent: [],
      recentNext: 0,
      samples: [],
    };
    this.cold.delete(keyId(ev.apiKeyId));
    this.keys.set(ev.apiKeyId, entry);
    return entry;
  }

  /** A key not in the hot map: compacted in memory, or persisted. */
  private savedEntry(apiKeyId: string): KeyEntry | undefined {
    const saved = this.cold.get(keyId(apiKeyId)) ?? this.options.loadState?.(keyId(apiKeyId));
    return saved ? (JSON.parse(saved) as KeyEntry) : undefined;
  }

  /**
   * The account of an entry's event. The entry remembers its account's view (accounts stay in
   * memory), which spares a map lookup of the id for every event: the id is still compared.
   */
  private accountOf(entry: KeyEntry, id: string): HeldAccount {
    const newKey = entry.state.requests === 0;
    const cached = entry[ACCOUNT];
    if (cached !== undefined && entry[ACCOUNT_ID] === id) {
      if (newKey) cached.keys++;
      return cached;
    }
    const a = this.account(id, newKey);
    entry[ACCOUNT] = a;
    entry[ACCOUNT_ID] = id;
    return a;
  }

  private account(id: string, newKey: boolean): HeldAccount {
    let a = this.accounts.get(id);
    if (!a) {
      const saved = this.options.loadState?.(accountId(id));
      a = saved ? (JSON.parse(saved) as AccountView) : { keys: 0, requests: 0, tokens: 0 };
      this.accounts.set(id, a);
    }
    if (newKey) a.keys++;
    return a;
  }

  private countHour(entry: KeyEntry, ts: number, tokens: number): void {
    const hour = Math.floor(ts / HOUR) * HOUR;
    // A late event of an earlier hour is counted in the current bucket: the chart is approximate
    // by at most the disorder of the stream, the detectors keep their own exact windows.
    if (hour > entry.hour.hour) {
      if (this.hoursTouched.delete(entry)) this.hoursClosed.push(toKeyHour(entry));
      entry.hour = { hour, requests: 0, tokens: 0, maxScore: 0 };
    }
    entry.hour.requests++;
    entry.hour.tokens += tokens;
    this.hoursTouched.add(entry);
  }

  /** Rings, not shifting arrays: this runs for every event. */
  private keepRecent(entry: KeyEntry, e: RequestLogEvent): void {
    const i = entry.recentNext;
    entry.recent[i] = e.request_id;
    entry.recentNext = (i + 1) % RECENT_SAMPLES;
    if (!this.profiles) return;
    entry.samples[i] = {
      request_id: e.request_id,
      api_key_id: e.api_key_id,
      ts: e.ts,
      model: e.model,
      prompt_tokens: e.prompt_tokens,
      completion_tokens: e.completion_tokens,
      finish_reason: e.finish_reason ?? null,
      prompt: this.options.storePrompts && e.prompt !== undefined ? e.prompt.slice(0, PROMPT_SAMPLE_CHARS) : null,
    };
  }

  private assess(entry: KeyEntry, account: AccountView): void {
    const s = entry.state;
    const allowlisted = this.options.isAllowlisted?.(s.apiKeyId, s.accountId, s.lastTs) ?? false;
    const ceiling: Severity | null = allowlisted ? 'low' : null;
    // Oldest first, newest last.
    const recent = [...entry.recent.slice(entry.recentNext), ...entry.recent.slice(0, entry.recentNext)];
    const { combined, signals, alert } = this.engine.assess(s, account, ceiling, recent);
    if (this.profiles) this.profileAssessment(entry, combined.score, signals);
    if (!alert) return;
    const cluster = this.linker?.clusterOf(s.apiKeyId);
    if (cluster) alert.cluster_alert_id = cluster;
    this.alerts.set(alert.alert_id, alert);
    if (!this.profiles) return;
    for (const sample of entry.samples) {
      if (alert.sample_request_ids.includes(sample.request_id)) this.samples.set(sample.request_id, sample);
    }
  }

  private profileAssessment(entry: KeyEntry, score: number, signals: Signal[]): void {
    const s = entry.state;
    entry.hour.maxScore = Math.max(entry.hour.maxScore, score);
    this.hoursTouched.add(entry);
    this.assessments.set(s.apiKeyId, {
      api_key_id: s.apiKeyId,
      account_id: s.accountId,
      at: s.lastTs,
      requests: s.requests,
      score,
      signals,
    });
  }

  /** Runs the cross-key step; cluster alerts and their members' key alerts are published. */
  private linkKeys(linker: ClusterLinker): void {
    const allowlisted = this.options.isAllowlisted;
    const { alerts, joined } = linker.step(
      this.watermark,
      [...this.keys.values()].map((e) => e.state),
      (id) => this.savedEntry(id)?.state,
      (k) => !allowlisted?.(k.api_key_id, k.account_id, k.last_ts),
    );
    this.linkerDirty = true;
    for (const a of alerts) this.alerts.set(a.alert_id, a);
    for (const [apiKeyId, cluster] of joined) this.pointToCluster(apiKeyId, cluster);
  }

  /** Makes a new member's open key alert name its cluster alert (later key alerts get it on assessment). */
  private pointToCluster(apiKeyId: string, cluster: string): void {
    const hot = this.keys.get(apiKeyId);
    const entry = hot ?? this.savedEntry(apiKeyId);
    const episode = entry?.state.episode;
    if (!entry || !episode || episode.alert.cluster_alert_id === cluster) return;
    const alert = { ...episode.alert, cluster_alert_id: cluster };
    episode.alert = alert;
    this.alerts.set(alert.alert_id, alert);
    if (!hot) this.cold.set(keyId(apiKeyId), JSON.stringify(entry));
    this.dirtyKeys.add(apiKeyId);
  }

  /**
   * At the first event of a new hour: snapshots the keys touched before it as the previous hour
   * closes (with this event, as the embedded linker sees them). After a restart, the previous hour
   * is the saved watermark's, so that where the pipeline restarted changes no snapshot.
   */
  private closeLinkHour(): void {
    const saved = this.sweptHour < 0 ? this.options.loadState?.(WATERMARK_STATE_ID) : undefined;
    const closing = saved === undefined ? this.sweptHour : Math.floor(Number(saved) / HOUR);
    if (closing >= 0 && closing < Math.floor(this.watermark / HOUR)) this.snapshotLinks(closing * HOUR);
  }

  /**
   * Snapshots the link features of the keys touched since the states were last taken, as of the
   * end of event hour `hour` (epoch ms): a key's latest snapshot up to an hour is how the linking
   * job sees it at that hour's end, however the events were batched.
   */
  private snapshotLinks(hour: number): void {
    for (const apiKeyId of this.dirtyKeys) {
      const state = (this.keys.get(apiKeyId) ?? this.savedEntry(apiKeyId))?.state;
      // Every event a key takes counts a request: the same count is the same state, snapshotted already.
      if (!state || this.snapshotted.get(apiKeyId) === state.requests) continue;
      this.snapshotted.set(apiKeyId, state.requests);
      this.linkSnapshots.set(`${hour} ${apiKeyId}`, { hour, features: linkFeatures(state) });
    }
  }

  /** The snapshots since the last drain, the keys touched in the current hour included. */
  private takeLinks(): KeyLinkSnapshot[] {
    if (!this.options.exportLinks) return [];
    this.snapshotLinks(Math.floor(this.watermark / HOUR) * HOUR);
    const out = [...this.linkSnapshots.values()];
    this.linkSnapshots = new Map();
    this.snapshotted = new Map();
    return out;
  }

  /**
   * Moves idle keys, compacted, to the cold map. The extra hour of margin covers late events: the
   * key's next event will then see the idle gap too and compact the same way.
   */
  private evictIdle(): void {
    const cutoff = this.watermark - this.idleMs - HOUR;
    for (const [apiKeyId, entry] of this.keys) {
      if (entry.state.lastTs > cutoff) continue;
      this.compact(entry);
      this.cold.set(keyId(apiKeyId), JSON.stringify(entry));
      this.keys.delete(apiKeyId);
      this.linker?.idleKey(entry.state);
    }
  }

  /** Idempotent: an idle key keeps its baselines and its open episode, not its recent detail. */
  private compact(entry: KeyEntry): void {
    this.engine.compact(entry.state);
    entry.recent = [];
    entry.recentNext = 0;
    entry.samples = [];
  }
}

function toKeyHour(entry: KeyEntry): KeyHour {
  return {
    api_key_id: entry.state.apiKeyId,
    account_id: entry.state.accountId,
    hour: entry.hour.hour,
    requests: entry.hour.requests,
    tokens: entry.hour.tokens,
    max_score: entry.hour.maxScore,
  };
}
