import type { Alert } from '../../schemas/alert';
import type { RequestLogEventInput } from '../../schemas/event';
import type { PipelineOutput } from '../../services/pipeline/types';

const T0 = Date.UTC(2026, 10, 2, 12);

/** A detection-core alert with plausible values; `overrides` set what a test is about. */
export function makeAlert(overrides: Partial<Alert> & { alert_id: string }): Alert {
  const severity = overrides.severity ?? 'medium';
  return {
    kind: 'key',
    api_key_id: 'key-1',
    account_id: 'acct-1',
    related_api_key_ids: [],
    severity,
    score: 0.6,
    signals: [{ detector: 'volume', score: 0.7, summary: 'many requests', evidence: { requests: 900 } }],
    first_event_ts: T0 - 3600_000,
    detected_at: T0,
    last_event_ts: T0 + 60_000,
    requests_at_detection: 500,
    requests_total: 900,
    severity_history: [{ severity, score: 0.6, at: T0, requests: 500 }],
    sample_request_ids: [],
    recommended_action: 'review',
    status: 'open',
    ended_at: null,
    ...overrides,
  };
}

export function outputOf(partial: Partial<PipelineOutput>): PipelineOutput {
  return { alerts: [], hours: [], assessments: [], samples: [], links: [], ...partial };
}

/** A valid RequestLogEvent v1 as a producer would send it. */
export function makeEvent(i: number, overrides: Partial<RequestLogEventInput> = {}): RequestLogEventInput {
  return {
    request_id: `req-${i}`,
    ts: T0 + i * 1000,
    api_key_id: 'key-1',
    account_id: 'acct-1',
    model: 'model-large',
    prompt_tokens: 100,
    completion_tokens: 200,
    prompt: `prompt number ${i}`,
    ...overrides,
  };
}

export { T0 };
