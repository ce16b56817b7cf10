import type { Alert, Severity } from '../schemas/alert';
import type { Signal } from '../schemas/signal';
import type { EpisodeOptions, EpisodeState } from './alerting/episode';
import { advanceEpisode, DEFAULT_EPISODE_OPTIONS } from './alerting/episode';
import { hash32 } from './hash';
import type { LinkState } from './links/observe';
import { newLinkState, observeLinks } from './links/observe';
import type { DetectorOptions } from './registry';
import { createDetectors } from './registry';
import type { CombinedScore, ScoringOptions } from './scoring/combine';
import { combineSignals, DEFAULT_SCORING_OPTIONS } from './scoring/combine';
import type { AccountView, Detector, EventFeatures } from './types';

/** Everything the detection core remembers about one API key: plain JSON, bounded in size. */
export interface KeyState {
  v: 1;
  apiKeyId: string;
  accountId: string;
  requests: number;
  tokens: number;
  completionTokens: number;
  firstTs: number;
  lastTs: number;
  lastAssessedTs: number;
  lastAssessedRequests: number;
  score: number;
  /** One state per detector, in the order of `createDetectors`. */
  detectors: unknown[];
  episode: EpisodeState | null;
  /** What links the key to other keys (detectors/links); absent from states saved before it existed. */
  links: LinkState;
  /** Hashes of recently seen request ids, a ring: at-least-once delivery must not count twice. */
  seen: number[];
  seenNext: number;
}

export interface EngineOptions {
  detectors: DetectorOptions;
  scoring: ScoringOptions;
  episode: EpisodeOptions;
  /** Assess again after this much event time even when few requests came. */
  assessEveryMs: number;
  dedupWindow: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  detectors: {},
  scoring: DEFAULT_SCORING_OPTIONS,
  episode: DEFAULT_EPISODE_OPTIONS,
  assessEveryMs: 3600_000,
  dedupWindow: 64,
};

/**
 * Requests between assessments: often while a key is young, so a bulk distiller is caught within
 * a few hundred requests, then more rarely so that assessment cost stays a small share per event.
 */
function assessStep(requests: number): number {
  if (requests < 400) return 20;
  if (requests < 2000) return 50;
  if (requests < 20000) return 200;
  return 1000;
}

export interface KeyAssessmentResult {
  combined: CombinedScore;
  signals: Signal[];
  /** The key's alert when this assessment created or changed it. */
  alert: Alert | null;
}

/** The pure per-key detection logic: fold events in, assess, advance the alert episode. */
export class DetectionEngine {
  readonly options: EngineOptions;
  private readonly detectors: Detector[];

  constructor(options: Partial<EngineOptions> = {}) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.detectors = createDetectors(this.options.detectors);
  }

  newKey(ev: EventFeatures): KeyState {
    return {
      v: 1,
      apiKeyId: ev.apiKeyId,
      accountId: ev.accountId,
      requests: 0,
      tokens: 0,
      completionTokens: 0,
      firstTs: ev.ts,
      lastTs: ev.ts,
      lastAssessedTs: ev.ts,
      lastAssessedRequests: 0,
      score: 0,
      detectors: this.detectors.map((d) => d.init()),
      episode: null,
      links: newLinkState(),
      seen: [],
      seenNext: 0,
    };
  }

  /** Records the request id; false when it was seen recently (a redelivery to skip). */
  markSeen(state: KeyState, requestId: string): boolean {
    const h = hash32(requestId);
    if (state.seen.includes(h)) return false;
    if (state.seen.length < this.options.dedupWindow) state.seen.push(h);
    else state.seen[state.seenNext] = h;
    state.seenNext = (state.seenNext + 1) % this.options.dedupWindow;
    return true;
  }

  observe(state: KeyState, ev: EventFeatures): void {
    state.requests++;
    state.tokens += ev.promptTokens + ev.completionTokens;
    state.completionTokens += ev.completionTokens;
    if (ev.ts > state.lastTs) state.lastTs = ev.ts;
    for (let i = 0; i < this.detectors.length; i++) this.detectors[i].observe(state.detectors[i], ev);
    observeLinks((state.links ??= newLinkState()), ev, state.requests);
  }

  isDue(state: KeyState): boolean {
    return (
      state.requests - state.lastAssessedRequests >= assessStep(state.requests) ||
      state.lastTs - state.lastAssessedTs >= this.options.assessEveryMs
    );
  }

  /** `recentRequestIds` (newest last) are the examples an alert may take. */
  assess(state: KeyState, account: AccountView, ceiling: Severity | null, recentRequestIds: string[]): KeyAssessmentResult {
    const ctx = { requests: state.requests, firstTs: state.firstTs, lastTs: state.lastTs, account };
    const signals: Signal[] = [];
    for (let i = 0; i < this.detectors.length; i++) {
      const s = this.detectors[i].assess(state.detectors[i], ctx);
      if (s) signals.push(s);
    }
    const combined = combineSignals(signals, { meanCompletionTokens: state.completionTokens / state.requests }, this.options.scoring);
    state.score = combined.score;
    state.lastAssessedTs = state.lastTs;
    state.lastAssessedRequests = state.requests;
    const { episode, changed } = advanceEpisode(
      state.episode,
      {
        apiKeyId: state.apiKeyId,
        accountId: state.accountId,
        at: state.lastTs,
        requests: state.requests,
        firstEventTs: state.firstTs,
        score: combined.score,
        signals,
        ceiling,
        recentRequestIds,
      },
      this.options.episode,
    );
    state.episode = episode;
    return { combined, signals, alert: changed };
  }

  /** Shrinks an idle key to what its baselines need; its open alert episode stays. */
  compact(state: KeyState): void {
    state.seen = [];
    state.seenNext = 0;
    for (let i = 0; i < this.detectors.length; i++) {
      const d = this.detectors[i];
      if (d.compact) state.detectors[i] = d.compact(state.detectors[i]);
    }
  }
}
