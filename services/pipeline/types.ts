import type { Alert } from '../../schemas/alert';
import type { KeyLinkFeatures } from '../../schemas/links';
import type { Signal } from '../../schemas/signal';

/** A key's traffic and risk in one hour of event time, for the key profile's charts. */
export interface KeyHour {
  api_key_id: string;
  account_id: string;
  /** Start of the hour, epoch ms. */
  hour: number;
  requests: number;
  tokens: number;
  /** Highest combined score assessed in that hour (0 when not assessed). */
  max_score: number;
}

/** The latest assessment of a key: what the key profile shows as "current signals". */
export interface KeyAssessment {
  api_key_id: string;
  account_id: string;
  /** Event time of the assessment, epoch ms. */
  at: number;
  requests: number;
  score: number;
  signals: Signal[];
}

/**
 * What processing a batch of events changed. The caller persists all of it together with the
 * position it has consumed up to, so that a crash replays exactly the unpersisted events.
 */
export interface PipelineOutput {
  /** Alerts created or changed, in their new state (status is always "open": triage is the store's). */
  alerts: Alert[];
  /** Hour buckets touched, in their new totals. */
  hours: KeyHour[];
  assessments: KeyAssessment[];
  /** Example requests of the alerts above (each alert's sample_request_ids are among them). */
  samples: RequestSample[];
  /** Link features of keys for the scale-out linking job; empty unless `exportLinks` is on. */
  links: KeyLinkSnapshot[];
}

/**
 * A key's link features as the event hour `hour` (start, epoch ms) of its partition's pipeline
 * closes, or as far as that hour has got: the latest snapshot up to an hour is the key at its end.
 */
export interface KeyLinkSnapshot {
  hour: number;
  features: KeyLinkFeatures;
}

/** One request kept as an example of what an alert is about; the prompt only when stored. */
export interface RequestSample {
  request_id: string;
  api_key_id: string;
  ts: number;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  finish_reason: string | null;
  prompt: string | null;
}
