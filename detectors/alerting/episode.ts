import { createHash } from 'node:crypto';
import type { Alert, Severity } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';
import type { Signal } from '../../schemas/signal';
import type { BandOptions } from '../scoring/bands';
import { bandWithHysteresis, DEFAULT_BAND_OPTIONS } from '../scoring/bands';

export interface EpisodeOptions extends BandOptions {
  /** An episode ends after the score stayed below every band for this long (event time, ms). */
  quietMs: number;
  /** Severity is lowered only after the score stayed in a lower band for this long (no flapping). */
  deescalateMs: number;
  /** How many example requests an alert keeps. */
  maxSamples: number;
}

export const DEFAULT_EPISODE_OPTIONS: EpisodeOptions = {
  ...DEFAULT_BAND_OPTIONS,
  quietMs: 24 * 3600_000,
  deescalateMs: 2 * 3600_000,
  maxSamples: 12,
};

/** One assessment of a key (or of a cluster of keys, named by one of them), as the episode sees it. */
export interface Assessment {
  /** What the alert is about; 'key' when absent. */
  kind?: Alert['kind'];
  apiKeyId: string;
  accountId: string;
  at: number;
  requests: number;
  firstEventTs: number;
  score: number;
  signals: Signal[];
  /** Severity ceiling for allow-listed keys and accounts (they are scored but do not escalate). */
  ceiling: Severity | null;
  /** Recent request ids of the key, newest last, to pick examples from. */
  recentRequestIds: string[];
}

/** The open alert of a key; null when no episode is running. */
export interface EpisodeState {
  alert: Alert;
  /** Since when (event time) the score has stayed below the alert's severity; null while it has not. */
  calmSince: number | null;
}

/** Stable for the same key and episode: the same log replayed gives the same id. */
export function alertIdFor(kind: Alert['kind'], subject: string, detectedAt: number): string {
  return 'al_' + createHash('sha256').update(`${kind}\n${subject}\n${detectedAt}`).digest('hex').slice(0, 24);
}

function capAt(band: Severity | null, ceiling: Severity | null, o: BandOptions): Severity | null {
  if (band === null || ceiling === null) return band;
  return o.thresholds[band] > o.thresholds[ceiling] ? ceiling : band;
}

/** The alert's examples with the newest of `ids` added, up to `max`: a new array (see advanceEpisode). */
function withSamples(samples: readonly string[], ids: string[], max: number): string[] {
  const out = [...samples];
  for (let i = ids.length - 1; i >= 0 && out.length < max; i--) {
    if (!out.includes(ids[i])) out.push(ids[i]);
  }
  return out;
}

/**
 * Advances a key's alert episode by one assessment. Returns the new episode state (null when none
 * is running) and the alert to publish when anything about it changed. One open alert per key:
 * it is updated and escalated, never duplicated; it ends after `quietMs` below every band.
 * A changed alert is a new object and a published one is never modified, so callers may hold
 * alerts they were given without copying them.
 */
export function advanceEpisode(
  episode: EpisodeState | null,
  a: Assessment,
  o: EpisodeOptions = DEFAULT_EPISODE_OPTIONS,
): { episode: EpisodeState | null; changed: Alert | null } {
  const current = episode?.alert.severity ?? null;
  const band = capAt(bandWithHysteresis(a.score, current, o), a.ceiling, o);

  if (!episode) {
    if (band === null) return { episode: null, changed: null };
    const kind = a.kind ?? 'key';
    const alert: Alert = {
      alert_id: alertIdFor(kind, a.apiKeyId, a.at),
      kind,
      api_key_id: a.apiKeyId,
      account_id: a.accountId,
      related_api_key_ids: [],
      severity: band,
      score: a.score,
      signals: a.signals,
      first_event_ts: a.firstEventTs,
      detected_at: a.at,
      last_event_ts: a.at,
      requests_at_detection: a.requests,
      requests_total: a.requests,
      severity_history: [{ severity: band, score: a.score, at: a.at, requests: a.requests }],
      sample_request_ids: withSamples([], a.recentRequestIds, o.maxSamples),
      recommended_action: o.actions[band],
      status: 'open',
      ended_at: null,
    };
    return { episode: { alert, calmSince: null }, changed: alert };
  }

  const alert: Alert = { ...episode.alert, score: a.score, signals: a.signals, last_event_ts: a.at, requests_total: a.requests };

  if (band !== null && severityRank(band) >= severityRank(alert.severity)) {
    if (band !== alert.severity) changeSeverity(alert, band, a, o);
    return { episode: { alert, calmSince: null }, changed: alert };
  }
  const calmSince = episode.calmSince ?? a.at;
  if (band === null && a.at - calmSince >= o.quietMs) {
    alert.ended_at = a.at;
    return { episode: null, changed: alert };
  }
  const lower = band ?? 'low';
  if (lower !== alert.severity && a.at - calmSince >= o.deescalateMs) {
    changeSeverity(alert, lower, a, o);
    // A key below every band keeps counting towards the end of its episode.
    return { episode: { alert, calmSince: band === null ? calmSince : null }, changed: alert };
  }
  return { episode: { alert, calmSince }, changed: alert };
}

/** Sets the severity of `alert`, a copy made by advanceEpisode. */
function changeSeverity(alert: Alert, to: Severity, a: Assessment, o: EpisodeOptions): void {
  alert.severity = to;
  alert.recommended_action = o.actions[to];
  alert.severity_history = [...alert.severity_history, { severity: to, score: a.score, at: a.at, requests: a.requests }];
  alert.sample_request_ids = withSamples(alert.sample_request_ids, a.recentRequestIds, o.maxSamples);
}
